package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index that keeps Idempotency-Keys unique holds the keyed messages only (V9): with every message
 * in it, each post in a group commit wrote one more page of its own. A retry's lookup still finds its
 * message through it.
 */
class IdempotencyKeyIndexTest {

    @TempDir
    Path dir;

    @Test
    void onlyMessagesWithAKeyAreIndexedAndARetrysLookupUsesTheIndex() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            String definition = db.reads()
                    .resultQuery("SELECT sql FROM sqlite_master WHERE name = 'messages_idempotency_key'")
                    .fetchSingle(0, String.class);
            assertThat(definition)
                    .startsWith("CREATE UNIQUE INDEX")
                    .contains("(session_id, user_id, idempotency_key)")
                    .contains("WHERE idempotency_key IS NOT NULL");

            String plan = String.join(
                    "\n",
                    db.reads()
                            .fetch("EXPLAIN QUERY PLAN SELECT id FROM messages"
                                    + " WHERE session_id = 1 AND user_id = 2 AND idempotency_key = 'k'")
                            .map(row -> row.get("detail", String.class)));
            assertThat(plan)
                    .contains("INDEX messages_idempotency_key (session_id=? AND user_id=? AND idempotency_key=?)");
        }
    }
}
