package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.ParleyConfig;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The writer's promises on PostgreSQL, each test on a fresh database; skipped without PARLEY_TEST_POSTGRES_URL. */
@OnPostgres
class PostgresSerialWriterTest extends SerialWriterTest {

    private PostgresDatabases.Temporary database;

    @Override
    Database open(Path dir) {
        database = PostgresDatabases.create();
        return PostgresMigrationTest.open(database);
    }

    @Override
    void closed() {
        database.close();
    }

    @Test
    void aTransactionThatCouldNotBeginIsRolledBackAndTheNextWriteCommits() throws SQLException {
        // The writer waits at most 200 ms for the counter's row lock, then its transaction fails;
        // PostgreSQL then refuses every statement of that transaction until it is rolled back.
        try (Database writer = Database.open(
                        new ParleyConfig.Database(
                                Optional.of(database.url() + "&options=-c%20lock_timeout%3D200"),
                                Optional.empty(),
                                Optional.empty(),
                                2,
                                2),
                        Path.of("no-sqlite-file-is-used.db"));
                Connection other = DriverManager.getConnection(database.url())) {
            other.setAutoCommit(false);
            try (Statement lock = other.createStatement()) {
                lock.execute("SELECT last_id FROM message_ids FOR UPDATE");
            }

            assertThatThrownBy(() -> insertUser(writer, "while the counter is locked"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot begin a transaction");

            other.rollback();
            insertUser(writer, "after");
            assertThat(writer.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                    .containsExactly("after");
        }
    }

    @Test
    void aWriterWhoseConnectionWasCutWritesAgainOnANewOne() {
        insertUser(db, "before");

        database.cutConnections("parley-writer");

        assertThatThrownBy(() -> insertUser(db, "on the lost connection")).isInstanceOf(RuntimeException.class);
        insertUser(db, "after");
        assertThat(db.reads().select(USERS.EMAIL).from(USERS).orderBy(USERS.ID).fetch(USERS.EMAIL))
                .containsExactly("before", "after");
    }
}
