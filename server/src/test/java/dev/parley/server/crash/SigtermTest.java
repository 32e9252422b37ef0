package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.NewMessage;
import dev.parley.api.StreamEndEvent;
import dev.parley.server.crash.ClientLoad.Acknowledged;
import dev.parley.server.crash.ClientLoad.Post;
import dev.parley.server.crash.ClientLoad.Unanswered;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Response;
import dev.parley.server.testing.EventStreamRecorder;
import dev.parley.server.testing.ReadOnlyDatabase;
import dev.parley.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, the way systemd, Docker or Kubernetes stop the server: it stops taking
 * connections, answers every request it had accepted with its normal answer, commits, and exits with
 * 0. A client either hears back or its post was never taken (refused connection, or a kept-alive
 * connection closed before the request was read); nothing acknowledged is lost. An open event stream
 * ends with a comment asking to reconnect, and resumed on the restarted server it misses nothing.
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
        EventStreamRecorder follower;
        List<Message> streamed;
        try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING)) {
            ApiClient api = new ApiClient(server::baseUri);
            authors = Author.register(api, AUTHORS);
            Author watched = authors.getFirst();
            follower = EventStreamRecorder.open(
                    server.baseUri().resolve("/sessions/" + watched.session().id() + "/events?after_id=0"),
                    watched.account().accessToken(),
                    Map.of());
            load = ClientLoad.start(api, authors, LOGGING_IN);
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_SIGTERM))
                    .as(load.summary())
                    .isTrue();
            server.terminate();
            int exitCode = server.awaitExit(EXIT_LIMIT);
            load.awaitStopped();
            streamed = follower.drainMessagesUntilTheEnd();
            assertThat(streamed).as("messages streamed live before the stop").isNotEmpty();
            assertThat(follower.comments())
                    .as("the stream ends asking to reconnect")
                    .anySatisfy(comment -> assertThat(comment).contains("reconnect with Last-Event-ID"));
            assertThat(follower.endReason()).isEqualTo(StreamEndEvent.SERVER_STOPPING);
            assertThat(load.refused())
                    .as("answers other than 2xx while stopping")
                    .isEmpty();
            assertThat(exitCode)
                    .as("exit code; the server's output:\n" + server.output())
                    .isZero();
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING);
                ReadOnlyDatabase db = ReadOnlyDatabase.open(dataDir)) {
            ApiClient api = new ApiClient(restarted::baseUri);
            Map<Post, Message> answers = new HashMap<>();
            for (Acknowledged acknowledged : load.acknowledged()) {
                answers.put(acknowledged.post(), acknowledged.message());
            }
            for (Unanswered unanswered : load.unanswered()) {
                Response retry = unanswered.post().send(api);
                // 201, not 200: a post the server had stored was one it had accepted, and it owed an answer.
                assertThat(retry.status())
                        .as("retry of %s (%s): %s", unanswered.post(), unanswered.failure(), retry.body())
                        .isEqualTo(201);
                answers.put(unanswered.post(), retry.as(Message.class));
            }

            StoredMessages stored = StoredMessages.read(api, authors, db);
            stored.assertEachStoredOnce(answers.keySet(), answers::get);
            stored.assertNothingElse(answers.keySet());
            // A log-in stores a grant: one more than the log-ins answered would be one accepted, not answered.
            assertThat(db.rows("SELECT count(*) FROM grants").getFirst().getFirst())
                    .as("grants stored; one per log-in answered")
                    .isEqualTo(AUTHORS + load.logIns());
            assertThat(db.integrityCheck()).containsExactly("ok");

            // The stream cut by the stop resumes on the restarted server: together, every message once.
            Author watched = authors.getFirst();
            List<Long> seen = new ArrayList<>(streamed.stream().map(Message::id).toList());
            long lastSeen = seen.isEmpty() ? 0 : seen.getLast();
            List<Message> stillToCome = api.get(
                            "/sessions/" + watched.session().id() + "/messages?limit=500&after_id=" + lastSeen)
                    .as(watched.account())
                    .send()
                    .as(MessagePage.class)
                    .messages();
            try (EventStreamRecorder resumed = EventStreamRecorder.open(
                    restarted.baseUri().resolve("/sessions/" + watched.session().id() + "/events"),
                    watched.account().accessToken(),
                    Map.of("Last-Event-ID", Long.toString(lastSeen)))) {
                for (int i = 0; i < stillToCome.size(); i++) {
                    seen.add(resumed.assertMessage().id());
                }
                resumed.assertNoEventBefore(
                        api.post("/sessions/" + watched.session().id() + "/messages")
                                .as(watched.account())
                                .json(new NewMessage("marker"))
                                .send()
                                .as(Message.class));
            }
            assertThat(seen)
                    .as("streamed before the stop, then resumed after it")
                    .doesNotHaveDuplicates()
                    .isSorted()
                    .containsExactlyElementsOf(stored.idsIn(watched.session().id()));
        }
    }
}
