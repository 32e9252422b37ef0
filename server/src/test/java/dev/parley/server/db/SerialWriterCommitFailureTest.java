package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit the database refuses fails its batch, and the writer rolls that transaction back: the
 * batch's rows are gone, and the next write commits on its own, not inside the refused transaction.
 * SQLite keeps a transaction open when its COMMIT fails on a foreign key checked at the commit.
 */
class SerialWriterCommitFailureTest {

    @TempDir
    Path dir;

    @Test
    void aBatchWhoseCommitFailsIsRolledBackAndTheNextWriteCommitsAlone() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            assertThatThrownBy(() -> db.writer().write(tx -> {
                        insertUser(tx, "lost with its commit");
                        // Checked only at the commit, which then fails.
                        tx.execute("PRAGMA defer_foreign_keys = ON");
                        tx.execute("INSERT INTO session_members (session_id, user_id, joined_at) VALUES (-1, -1, 0)");
                        return 0;
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("commit failed");

            db.writer().write(tx -> insertUser(tx, "after"));

            assertThat(db.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                    .containsExactly("after");
        }
    }

    private static int insertUser(org.jooq.DSLContext tx, String email) {
        return tx.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.EMAIL_KEY, email)
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.CREATED_AT, Instant.now())
                .execute();
    }
}
