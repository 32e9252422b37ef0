package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Registration;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What one address can make the server do, however parallel: guesses evaluated (10 per account, 50
 * in all, with the default throttle), accounts registered, and event streams held by the accounts
 * it registered.
 */
class FloodsFromOneAddressTest {

    private static final int PARALLEL = 100;

    @Test
    void aHundredParallelGuessesAtOneAccountGetTenEvaluated() throws Exception {
        try (TestServer server = TestServer.start()) {
            ApiClient api = ApiClient.of(server);
            Account victim = api.newAccount();

            Map<Integer, Long> answers = allAtOnce(PARALLEL, i -> api.passwordGrant(victim.email(), "guess " + i));

            assertThat(answers)
                    .as("400 invalid_grant: evaluated; 429: refused before hashing")
                    .isEqualTo(Map.of(400, 10L, 429, 90L));
        }
    }

    @Test
    void parallelGuessesAcrossAccountsGetFiftyEvaluatedFromOneAddress() throws Exception {
        try (TestServer server = TestServer.start()) {
            ApiClient api = ApiClient.of(server);

            Map<Integer, Long> answers =
                    allAtOnce(PARALLEL + 20, i -> api.passwordGrant(ApiClient.uniqueEmail(), "guess " + i));

            assertThat(answers).isEqualTo(Map.of(400, 50L, 429, 70L));
        }
    }

    @Test
    void registeringPastTheLimitOfAnAddressIs429AndLogInsStillPass() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                "parley.limits.registrations.burst",
                "3",
                "parley.limits.registrations.refill",
                "1",
                "parley.limits.registrations.period",
                "P1D"))) {
            ApiClient api = ApiClient.of(server);
            String registered = ApiClient.uniqueEmail();
            assertThat(api.register(registered, "correct horse").status()).isEqualTo(201);

            Map<Integer, Long> answers = allAtOnce(
                    20,
                    i -> api.post("/users")
                            .json(new Registration(ApiClient.uniqueEmail(), "correct horse " + i))
                            .send());

            assertThat(answers).isEqualTo(Map.of(201, 2L, 429, 18L));
            Response refused = api.post("/users")
                    .json(new Registration(ApiClient.uniqueEmail(), "correct horse"))
                    .send();
            assertThat(refused.header("Retry-After")).isPresent();
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(api.passwordGrant(registered, "correct horse").status())
                    .as("a log-in from the same address while its registrations are refused")
                    .isEqualTo(200);
        }
    }

    @Test
    void accountsRegisteredFromOneAddressShareItsStreamCap() {
        try (TestServer server = TestServer.start(
                Map.of("parley.events.max-streams-per-user", "2", "parley.events.max-streams-per-address", "3"))) {
            ApiClient api = ApiClient.of(server);
            Account first = api.newAccount();
            Account second = api.newAccount();
            try (EventStreamRecorder one = EventStreamRecorder.open(server, "/events", first.accessToken(), Map.of());
                    EventStreamRecorder two =
                            EventStreamRecorder.open(server, "/events", first.accessToken(), Map.of());
                    EventStreamRecorder three =
                            EventStreamRecorder.open(server, "/events", second.accessToken(), Map.of());
                    EventStreamRecorder four =
                            EventStreamRecorder.open(server, "/events", second.accessToken(), Map.of())) {
                assertThat(List.of(one.status(), two.status(), three.status())).containsOnly(200);
                assertThat(four.status()).isEqualTo(429);
                assertThat(four.errorBody()).contains("your address");
            }
        }
    }

    /** Sends {@code count} requests at once and counts their answers by status. */
    private static Map<Integer, Long> allAtOnce(int count, IntFunction<Response> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                int index = i;
                answers.add(clients.submit(() -> {
                    go.await();
                    return request.apply(index);
                }));
            }
            go.countDown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            statuses.add(answer.get().status());
        }
        return statuses.stream().collect(Collectors.groupingBy(status -> status, Collectors.counting()));
    }
}
