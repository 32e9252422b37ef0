package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The SQLite settings that durability and integrity rest on, read back from the connections
 * themselves: a server that answered a post before its commit reached the disk would pass every
 * other test, as the operating system keeps unsynced pages across a process kill.
 */
class SqliteConnectionSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theWritersConnectionSyncsEveryCommitLogsAheadAndEnforcesForeignKeys() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            String synchronous = db.writer().write(tx -> pragma(tx, "synchronous"));
            String journalMode = db.writer().write(tx -> pragma(tx, "journal_mode"));
            String foreignKeys = db.writer().write(tx -> pragma(tx, "foreign_keys"));
            assertThat(synchronous)
                    .as("synchronous=FULL (2): WAL synced at every commit, so an answered write survives a power loss")
                    .isEqualTo("2");
            assertThat(journalMode)
                    .as("journal_mode: WAL lets readers read while the writer commits")
                    .isEqualTo("wal");
            assertThat(foreignKeys)
                    .as("foreign_keys: deleting a session deletes its messages, and no row names a missing one")
                    .isEqualTo("1");
        }
    }

    @Test
    void theReadersSeeTheSameDatabaseRules() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            assertThat(pragma(db.reads(), "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db.reads(), "foreign_keys")).isEqualTo("1");
        }
    }

    @Test
    void everyConnectionWaitsForABusyDatabaseInsteadOfFailingAtOnce() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            String writers = db.writer().write(tx -> pragma(tx, "busy_timeout"));
            assertThat(writers)
                    .as(
                            "busy_timeout: a checkpoint or a backup holding the file for a moment delays a commit, not fails it")
                    .isEqualTo("5000");
            assertThat(pragma(db.reads(), "busy_timeout")).isEqualTo("5000");
        }
    }

    @Test
    void noConnectionAsksTheDriverForGeneratedKeysAfterEachInsert() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            assertThat(db.writer().write(SqliteConnectionSettingsTest::generatedKeys))
                    .as("generated keys: the driver would run a query of its own after every insert the writer makes")
                    .isFalse();
            assertThat(generatedKeys(db.reads())).isFalse();
        }
    }

    private static boolean generatedKeys(DSLContext dsl) {
        return dsl.connectionResult(connection ->
                connection.unwrap(SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys());
    }

    private static String pragma(DSLContext dsl, String name) {
        return String.valueOf(dsl.fetchValue("PRAGMA " + name));
    }
}
