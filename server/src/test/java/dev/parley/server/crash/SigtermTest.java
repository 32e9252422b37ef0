package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.crash.ClientLoad.Acknowledged;
import dev.parley.server.crash.ClientLoad.Post;
import dev.parley.server.crash.ClientLoad.Unanswered;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.ReadOnlyDatabase;
import dev.parley.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, the way systemd, Docker or Kubernetes stop the server: it stops taking
 * connections, answers every request it had accepted with its normal answer, commits, and exits with
 * 0. A client either hears back or its post was never taken (refused connection, or a kept-alive
 * connection closed before the request was read); nothing acknowledged is lost.
 */
class SigtermTest {

    private static final int AUTHORS = 8;
    private static final int ACKNOWLEDGED_BEFORE_SIGTERM = 1_500;
    /** Clients that log in over and over: slow requests (bcrypt), so some are in flight at the SIGTERM. */
    private static final int LOGGING_IN = 4;
    /** A bound against a hang, not a measurement: the shutdown waits for requests in flight only. */
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void sigtermUnderLoadAnswersEveryAcceptedPostLosesNothingAndExitsWithZero() throws InterruptedException {
        List<Author> authors;
        ClientLoad load;
        try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING)) {
            ApiClient api = new ApiClient(server::baseUri);
            authors = Author.register(api, AUTHORS);
            load = ClientLoad.start(api, authors, LOGGING_IN);
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_SIGTERM)).as(load.summary()).isTrue();
            server.terminate();
            int exitCode = server.awaitExit(EXIT_LIMIT);
            load.awaitStopped();
            assertThat(load.refused()).as("answers other than 2xx while stopping").isEmpty();
            assertThat(exitCode).as("exit code; the server's output:\n" + server.output()).isZero();
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING); ReadOnlyDatabase db = ReadOnlyDatabase.open(dataDir)) {
            ApiClient api = new ApiClient(restarted::baseUri);
            Map<Post, Message> answers = new HashMap<>();
            for (Acknowledged acknowledged : load.acknowledged()) {
                answers.put(acknowledged.post(), acknowledged.message());
            }
            for (Unanswered unanswered : load.unanswered()) {
                Response retry = unanswered.post().send(api);
                // 201, not 200: a post the server had stored was one it had accepted, and it owed an answer.
                assertThat(retry.status()).as("retry of %s (%s): %s", unanswered.post(), unanswered.failure(),
                        retry.body()).isEqualTo(201);
                answers.put(unanswered.post(), retry.as(Message.class));
            }

            StoredMessages stored = StoredMessages.read(api, authors, db);
            stored.assertEachStoredOnce(answers.keySet(), answers::get);
            stored.assertNothingElse(answers.keySet());
            // A log-in stores a grant: one more than the log-ins answered would be one accepted, not answered.
            assertThat(db.rows("SELECT count(*) FROM grants").getFirst().getFirst())
                    .as("grants stored; one per log-in answered").isEqualTo(AUTHORS + load.logIns());
            assertThat(db.integrityCheck()).containsExactly("ok");
        }
    }
}
