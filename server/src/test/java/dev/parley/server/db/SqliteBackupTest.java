package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of an SQLite database a server has open: a database that opens with everything committed,
 * written under its final name only once complete; an existing file or a missing database refused.
 */
class SqliteBackupTest {

    @TempDir
    Path dir;

    @Test
    void theCopyOfAnOpenDatabaseOpensWithEverythingCommittedAndNoPartialFileIsLeft() {
        Path database = dir.resolve("parley.db");
        Path backup = dir.resolve("backup.db");
        try (Database db = Database.openSqlite(database, 1)) {
            db.writer().write(tx -> Rows.user(tx, "kept@example.com"));

            SqliteBackup.copy(database, backup);
        }

        try (Database copy = Database.openSqlite(backup, 1)) {
            assertThat(copy.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                    .containsExactly("kept@example.com");
        }
        assertThat(dir.resolve("backup.db.partial")).doesNotExist();
    }

    @Test
    void anExistingTargetIsRefusedAndLeftAsItWas() throws Exception {
        Path database = dir.resolve("parley.db");
        Database.openSqlite(database, 1).close();
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");

        assertThatThrownBy(() -> SqliteBackup.copy(database, existing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists already");
        assertThat(existing).hasContent("keep me");
    }

    @Test
    void aDatabaseThatIsNotThereIsRefused() {
        Path backup = dir.resolve("backup.db");

        assertThatThrownBy(() -> SqliteBackup.copy(dir.resolve("missing.db"), backup))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no SQLite database at");
        assertThat(backup).doesNotExist();
    }

    @Test
    void aFileThatIsNotADatabaseIsRefusedAndLeavesNoPartialCopy() throws Exception {
        Path notADatabase =
                Files.writeString(dir.resolve("notes.txt"), "not a database, long enough to be read as one");
        Path backup = dir.resolve("backup.db");

        assertThatThrownBy(() -> SqliteBackup.copy(notADatabase, backup))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot copy " + notADatabase);
        assertThat(backup).doesNotExist();
        assertThat(dir.resolve("backup.db.partial")).doesNotExist();
    }
}
