package dev.parley.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.Problem;
import dev.parley.api.Session;
import dev.parley.api.SessionTitle;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-user rate limits on creating sessions, posting messages and searching, on a real server whose
 * buckets hold three requests and refill one a day, so that no test depends on how fast it runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {

    private static final int BURST = 3;
    private static final Duration PERIOD = Duration.ofDays(1);

    private TestServer server;
    private ApiClient api;

    @BeforeAll
    void start() {
        server = TestServer.start(Map.of(
                "parley.limits.sessions.burst", Integer.toString(BURST),
                "parley.limits.sessions.refill", "1",
                "parley.limits.sessions.period", PERIOD.toString(),
                "parley.limits.messages.burst", Integer.toString(BURST),
                "parley.limits.messages.refill", "1",
                "parley.limits.messages.period", PERIOD.toString(),
                "parley.limits.searches.burst", Integer.toString(BURST),
                "parley.limits.searches.refill", "1",
                "parley.limits.searches.period", PERIOD.toString()));
        api = ApiClient.of(server);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void postingPastTheBurstIs429WithRetryAfterAndStoresNothing() {
        Account author = api.newAccount();
        long sessionId = createSession(author).id();
        for (int i = 0; i < BURST; i++) {
            assertThat(post(author, sessionId, "message " + i, null).status()).isEqualTo(201);
        }

        Response refused = post(author, sessionId, "one too many", null);

        assertTooManyRequests(refused);
        assertThat(history(author, sessionId).messages()).hasSize(BURST);
    }

    @Test
    void creatingSessionsPastTheBurstIs429WithRetryAfter() {
        Account owner = api.newAccount();
        for (int i = 0; i < BURST; i++) {
            createSession(owner);
        }

        assertTooManyRequests(api.post("/sessions")
                .as(owner)
                .json(new SessionTitle("one too many"))
                .send());
        assertTooManyRequests(api.post("/sessions").as(owner).send());
        assertThat(api.get("/sessions").as(owner).send().body()).doesNotContain("one too many");
    }

    @Test
    void searchingPastTheBurstIs429WithRetryAfterWhileOthersStillSearch() {
        Account searcher = api.newAccount();
        Account neighbour = api.newAccount();
        long sessionId = createSession(searcher).id();
        post(searcher, sessionId, "where are the boots", null);
        for (int i = 0; i < BURST; i++) {
            Response found = search(searcher, "boots");
            assertThat(found.status()).as(found.body()).isEqualTo(200);
            assertThat(found.body()).contains("where are the boots");
        }

        assertTooManyRequests(search(searcher, "boots"));
        assertTooManyRequests(search(searcher, "anything else"));
        assertThat(search(neighbour, "boots").status()).isEqualTo(200);
    }

    @Test
    void aHeadOfASearchIsASearchForTheLimit() {
        Account searcher = api.newAccount();
        for (int i = 0; i < BURST; i++) {
            assertThat(api.request("HEAD", "/search?q=boots")
                            .as(searcher)
                            .send()
                            .status())
                    .isEqualTo(200);
        }

        assertTooManyRequests(search(searcher, "boots"));
    }

    @Test
    void eachUserHasTheirOwnLimit() {
        Account flooder = api.newAccount();
        Account neighbour = api.newAccount();
        long flooded = createSession(flooder).id();
        long quiet = createSession(neighbour).id();
        for (int i = 0; i <= BURST; i++) {
            post(flooder, flooded, "flood " + i, null);
        }
        assertTooManyRequests(post(flooder, flooded, "still flooding", null));

        assertThat(post(neighbour, quiet, "hello", null).status()).isEqualTo(201);
        assertThat(api.post("/sessions").as(neighbour).send().status()).isEqualTo(201);
    }

    @Test
    void readsAndOtherRequestsOfALimitedUserStillPass() {
        Account author = api.newAccount();
        long sessionId = createSession(author).id();
        for (int i = 0; i <= BURST; i++) {
            post(author, sessionId, "message " + i, null);
        }

        assertThat(api.get("/sessions/" + sessionId + "/messages")
                        .as(author)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.patch("/sessions/" + sessionId)
                        .as(author)
                        .json(new SessionTitle("renamed"))
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/users/me").as(author).send().status()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutAValidTokenIsAnswered401NotCounted() {
        Account author = api.newAccount();
        long sessionId = createSession(author).id();
        for (int i = 0; i < 2 * BURST; i++) {
            assertThat(api.post("/sessions/" + sessionId + "/messages")
                            .bearer("not-a-token")
                            .json(new NewMessage("hi"))
                            .send()
                            .status())
                    .isEqualTo(401);
        }

        assertThat(post(author, sessionId, "still welcome", null).status()).isEqualTo(201);
    }

    @Test
    void aRetryOfAnAdmittedPostPassesOnceWithoutBeingCounted() {
        Account author = api.newAccount();
        long sessionId = createSession(author).id();
        Response first = post(author, sessionId, "did this arrive?", "key-1");
        for (int i = 1; i < BURST; i++) {
            post(author, sessionId, "message " + i, null);
        }
        assertTooManyRequests(post(author, sessionId, "over the limit", null));

        Response retry = post(author, sessionId, "did this arrive?", "key-1");

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertTooManyRequests(post(author, sessionId, "did this arrive?", "key-1"));
        assertThat(history(author, sessionId).messages()).hasSize(BURST);
    }

    @Test
    void aRetryOfARefusedPostIsCountedLikeANewOne() {
        Account author = api.newAccount();
        long sessionId = createSession(author).id();
        for (int i = 0; i < BURST; i++) {
            post(author, sessionId, "message " + i, null);
        }

        assertTooManyRequests(post(author, sessionId, "refused", "key-2"));
        assertTooManyRequests(post(author, sessionId, "refused", "key-2"));
    }

    @Test
    void aRetryKeyCountsOnlyInTheSessionItWasUsedIn() {
        Account author = api.newAccount();
        long first = createSession(author).id();
        long second = createSession(author).id();
        post(author, first, "hello", "key-3");
        for (int i = 1; i < BURST; i++) {
            post(author, first, "message " + i, null);
        }

        assertTooManyRequests(post(author, second, "hello", "key-3"));
    }

    @Test
    void aLimitWithoutTokensRefusesToStart(@TempDir java.nio.file.Path dataDir) {
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.limits.messages.burst", "0")))
                .hasMessageContaining("parley.limits.messages");
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.limits.sessions.period", "PT0S")))
                .hasMessageContaining("parley.limits.sessions");
    }

    private Session createSession(Account owner) {
        Response response =
                api.post("/sessions").as(owner).json(new SessionTitle("chat")).send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(Session.class);
    }

    private Response search(Account searcher, String query) {
        return api.get("/search?q=" + query.replace(" ", "+")).as(searcher).send();
    }

    private Response post(Account author, long sessionId, String text, String idempotencyKey) {
        ApiClient.Request request =
                api.post("/sessions/" + sessionId + "/messages").as(author).json(new NewMessage(text));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.send();
    }

    private MessagePage history(Account reader, long sessionId) {
        return api.get("/sessions/" + sessionId + "/messages").as(reader).send().as(MessagePage.class);
    }

    private static void assertTooManyRequests(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(response.problem().status()).isEqualTo(429);
        // A whole number of seconds, at most the time one token takes to come back.
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isBetween(1L, PERIOD.toSeconds());
    }
}
