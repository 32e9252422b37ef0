package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.TokenStore;
import dev.parley.server.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's training workload runs to its end against a real server with the limits
 * train-startup-cache lifts for it: a request it cannot make would end it, and the server's
 * start-up cache would then hold only what came before (the script goes on without it).
 */
class ServerTrainingTest {

    @Test
    void runsEveryKindOfRequestToTheEnd() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                "parley.limits.messages.burst", TestServer.UNLIMITED,
                "parley.limits.messages.refill", TestServer.UNLIMITED))) {
            ServerTraining.main(new String[] {server.baseUri().toString()});

            ParleyClient first =
                    ParleyClient.anonymous(ServerUrl.parse(server.baseUri().toString()));
            String token = first.logIn("server-training-0@example.com", "training-password")
                    .accessToken();
            ParleyClient user = ParleyClient.create(first.server(), TokenStore.fixed(token), Clock.systemUTC());
            Session shared = user.allSessions().stream()
                    .filter(session -> session.title().equals("Training, together"))
                    .findFirst()
                    .orElseThrow();
            List<Message> latest = user.messages(shared.id(), null, null, 50).messages();
            assertThat(latest.stream().map(Message::userId).distinct().count()).isGreaterThan(1);
            assertThat(latest).anyMatch(message -> message.replyTo() != null);
            assertThat(latest).anyMatch(message -> message.editedAt() != null);
            assertThat(user.search("training message", null, null, null).results())
                    .isNotEmpty();
        }
    }
}
