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
 * lost can be retried with its key and is then stored exactly once; the database is sound, and the
 * restarted server serves at once. On SQLite here; {@link PostgresSigkillTest} runs it on PostgreSQL.
 */
class SigkillTest {

    private static final int AUTHORS = 8;
    /** About a second or two of load: the kill lands among many commits and many requests in flight. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 1_500;

    @TempDir
    Path dataDir;

    /** The server's settings, as environment variables: SQLite in the data directory here. */
    Map<String, String> settings() {
        return ServerProcess.UNLIMITED_POSTING;
    }

    /** What the server stored, read from outside it. */
    ReadOnlyDatabase openStored() {
        return ReadOnlyDatabase.open(dataDir);
    }

    /** The database's own check that nothing is torn: SQLite's integrity check of the file. */
    void assertSound(ReadOnlyDatabase db) {
        assertThat(db.integrityCheck()).containsExactly("ok");
    }

    @Test
    void everyAcknowledgedPostSurvivesSigkillExactlyOnceAndLostAnswersCanBeRetried() throws InterruptedException {
        List<Author> authors;
        ClientLoad load;
        try (ServerProcess server = ServerProcess.start(dataDir, settings())) {
            ApiClient api = new ApiClient(server::baseUri);
            authors = Author.register(api, AUTHORS);
            load = ClientLoad.posting(api, authors);
            assertThat(load.awaitAcknowledged(ACKNOWLEDGED_BEFORE_KILL))
                    .as(load.summary())
                    .isTrue();
            server.kill();
            load.awaitStopped();
        }
        assertThat(load.refused()).as("answers other than 2xx before the kill").isEmpty();

        try (ServerProcess restarted = ServerProcess.start(dataDir, settings());
                ReadOnlyDatabase db = openStored()) {
            ApiClient api = new ApiClient(restarted::baseUri);
            Post fresh = new Post(authors.getFirst(), "after-restart", "the first post after the restart");
            Response first = fresh.send(api);
            assertThat(first.status())
                    .as("the first post after the restart: " + first.body())
                    .isEqualTo(201);

            Map<Post, Message> answers = new HashMap<>();
            answers.put(fresh, first.as(Message.class));
            // Answer lost, post stored, retry answered 200: the server cannot tell an answer lost on
            // the way from one delivered, so every acknowledged post retried here takes that path, on
            // every run (the kill itself loses an answer after its commit only now and then).
            for (Acknowledged acknowledged : load.acknowledged()) {
                Response retry = acknowledged.post().send(api);
                assertThat(retry.status())
                        .as("retry of %s, stored before the kill: %s", acknowledged.post(), retry.body())
                        .isEqualTo(200);
                assertThat(retry.as(Message.class))
                        .as("retry of %s", acknowledged.post())
                        .isEqualTo(acknowledged.message());
                answers.put(acknowledged.post(), acknowledged.message());
            }
            for (Unanswered lost : load.unanswered()) {
                Response retry = lost.post().send(api);
                // 200: the post had been stored before the kill; 201: it had not, and is now.
                assertThat(retry.status())
                        .as("retry of %s: %s", lost, retry.body())
                        .isIn(200, 201);
                answers.put(lost.post(), retry.as(Message.class));
            }

            StoredMessages stored = StoredMessages.read(api, authors, db);
            stored.assertEachStoredOnce(answers.keySet(), answers::get);
            stored.assertNothingElse(answers.keySet());
            assertSound(db);
        }
    }
}
