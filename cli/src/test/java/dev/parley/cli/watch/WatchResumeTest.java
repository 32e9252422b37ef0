package dev.parley.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import dev.parley.cli.RunningCommand;
import dev.parley.cli.client.ParleyClient;
import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parley watch through what breaks its stream: access tokens that expire, a server that restarts. */
class WatchResumeTest extends WatchAgainstServer {

    /**
     * Access tokens living two seconds: the server ends the stream each time the watch's expires
     * (token_expired), and the watch renews it and resumes at once from its last message. Messages
     * are posted all the while, by another user; every one is printed, once, in order, and nothing
     * is said about the reconnections.
     */
    @Test
    void theWatchOutlivesItsAccessTokensWithNothingMissedAndNothingSaid(@TempDir Path dataDir) {
        // Bob posts as fast as he can until the watch has renewed twice, which takes each token's two
        // seconds plus the server's allowance for clock skew: 800 posts here, more on a slower day.
        // Any per-user limit would end the test with a 429 on some day; the limit is not its subject.
        Map<String, String> settings = Map.of(
                "parley.auth.access-token-ttl",
                "PT2S",
                "parley.limits.messages.burst",
                TestServer.UNLIMITED,
                "parley.limits.messages.refill",
                TestServer.UNLIMITED);
        try (TestServer shortLived = TestServer.start(dataDir, settings)) {
            Cli alice = Cli.in(home.resolve("alice"), shortLived.baseUri().toString());
            alice.newLogin(PASSWORD);
            Cli bob = Cli.in(otherHome, shortLived.baseUri().toString());
            String bobEmail = bob.newLogin(PASSWORD);
            String id = Long.toString(alice.apiClient(shortLived.baseUri())
                    .createSession("Short tokens")
                    .id());
            assertThat(alice.run("sessions", "invite", id, bobEmail).exitCode()).isZero();
            RunningCommand watch = watch(alice, id, "--json");
            assertThat(watch.err().assertLine()).startsWith("Watching session " + id);
            String token = alice.storedLogin(shortLived.baseUri()).accessToken();

            int renewals = 0;
            int sinceRenewal = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int i = 0; renewals < 2 || sinceRenewal < 5; i++) {
                assertThat(System.nanoTime()).as("two renewals within 90 s").isLessThan(deadline);
                String text = "message " + i;
                Result sent = bob.run("send", id, text);
                assertThat(sent.exitCode()).as(sent.toString()).isZero();
                // The next line, every time: none missed, none twice, in order.
                assertThat(parse(watch.out().assertLine(), Message.class).text())
                        .isEqualTo(text);
                // The watch makes a request only to (re)connect: a token it renewed is a stream resumed.
                String now = alice.storedLogin(shortLived.baseUri()).accessToken();
                sinceRenewal++;
                if (!now.equals(token)) {
                    renewals++;
                    sinceRenewal = 0;
                    token = now;
                }
            }

            Result ended = watch.interrupt();
            assertThat(ended.exitCode()).as(ended.toString()).isZero();
            watch.out().assertNoLine();
            watch.err().assertNoLine();
        }
    }

    @Test
    void theWatchResumesAfterAServerRestartWithNothingLostOrRepeated(@TempDir Path dataDir) {
        try (TestServer restarting = TestServer.start(dataDir, Map.of("server.port", Integer.toString(closedPort())))) {
            Cli alice = Cli.in(home.resolve("restarting"), restarting.baseUri().toString());
            alice.newLogin(PASSWORD);
            ParleyClient api = alice.apiClient(restarting.baseUri());
            long id = api.createSession("Through a restart").id();
            RunningCommand watch = watch(alice, Long.toString(id), "--json");
            post(api, id, "before");
            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("before");

            restarting.restart();
            // Posted while the watch is away (it waits at least half a second before reconnecting).
            post(api, id, "during");
            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("during");
            post(api, id, "after");

            assertThat(parse(watch.out().assertLine(), Message.class).text()).isEqualTo("after");
            Result ended = watch.interrupt();
            assertThat(ended.exitCode()).as(ended.toString()).isZero();
            watch.out().assertNoLine();
        }
    }
}
