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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of writes, the way a crash, the OOM killer or {@code kill -9} ends the
 * server: every post it acknowledged is there after a restart, exactly once; a post whose answer was
 * lost can be retried with its key and is then stored exactly once; the file is sound, and the
 * restarted server serves at once.
 */
class SigkillTest {

    private static final int AUTHORS = 8;
    /** About a second or two of load: the kill lands among many commits and many requests in flight. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 1_500;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedPostSurvivesSigkillExactlyOnceAndLostAnswersCanBeRetried() throws InterruptedException {
        List<Author> authors;
        ClientLoad load;
        try (ServerProcess server = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING)) {
            ApiClient api = new ApiClient(server::baseUri);
            authors = Author.register(api, AUTHORS);
            load = ClientLoad.posting(api, authors);
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_KILL)).as(load.summary()).isTrue();
            server.kill();
            load.awaitStopped();
        }
        assertThat(load.refused()).as("answers other than 2xx before the kill").isEmpty();

        try (ServerProcess restarted = ServerProcess.start(dataDir, ServerProcess.UNLIMITED_POSTING); ReadOnlyDatabase db = ReadOnlyDatabase.open(dataDir)) {
            ApiClient api = new ApiClient(restarted::baseUri);
            Post fresh = new Post(authors.getFirst(), "after-restart", "the first post after the restart");
            Response first = fresh.send(api);
            assertThat(first.status()).as("the first post after the restart: " + first.body()).isEqualTo(201);

            Map<Post, Message> answers = new HashMap<>();
            answers.put(fresh, first.as(Message.class));
            for (Acknowledged acknowledged : load.acknowledged()) {
                answers.put(acknowledged.post(), acknowledged.message());
            }
            for (Unanswered lost : load.unanswered()) {
                Response retry = lost.post().send(api);
                // 200: the post had been stored before the kill; 201: it had not, and is now.
                assertThat(retry.status()).as("retry of %s: %s", lost, retry.body()).isIn(200, 201);
                answers.put(lost.post(), retry.as(Message.class));
            }

            StoredMessages stored = StoredMessages.read(api, authors, db);
            stored.assertEachStoredOnce(answers.keySet(), answers::get);
            stored.assertNothingElse(answers.keySet());
            assertThat(db.integrityCheck()).containsExactly("ok");
        }
    }
}
