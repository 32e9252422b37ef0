package dev.parley.server.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import dev.parley.server.testing.ReadOnlyDatabase;
import dev.parley.server.testing.ServerProcess;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link SigkillTest} with the server on PostgreSQL, a database of its own: the killed server's
 * transaction in flight is rolled back by PostgreSQL, and the restarted server's writer must find
 * every acknowledged post, and its message id counter past them. Skipped without
 * PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class PostgresSigkillTest extends SigkillTest {

    private PostgresDatabases.Temporary database;

    @BeforeEach
    void createDatabase() {
        database = PostgresDatabases.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(ServerProcess.UNLIMITED_POSTING);
        settings.put("PARLEY_DATABASE_URL", database.url());
        return settings;
    }

    @Override
    ReadOnlyDatabase openStored() {
        return ReadOnlyDatabase.openPostgres(database.url());
    }

    /**
     * PostgreSQL's own log makes the killed server's half-done transaction vanish whole; what Parley
     * must keep is its message id counter at or past every stored id, or a new post would reuse one.
     */
    @Override
    void assertSound(ReadOnlyDatabase db) {
        long counter =
                ((Number) db.rows("SELECT last_id FROM message_ids").getFirst().getFirst()).longValue();
        long highest =
                ((Number) db.rows("SELECT max(id) FROM messages").getFirst().getFirst()).longValue();
        assertThat(counter)
                .as("the message id counter against the highest stored id")
                .isGreaterThanOrEqualTo(highest);
    }
}
