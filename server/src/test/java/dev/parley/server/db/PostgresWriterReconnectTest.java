package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer whose connection was lost, while the database still refuses connections (a restart not
 * over yet): each write fails with the reason, none is half done, and the first write once the
 * database is back runs on a new connection. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
@Timeout(120)
class PostgresWriterReconnectTest {

    private PostgresDatabases.Temporary database;
    private Database db;

    @BeforeEach
    void open() {
        database = PostgresDatabases.create();
        db = PostgresMigrationTest.open(database);
    }

    @AfterEach
    void close() throws SQLException {
        allowConnections(true);
        db.close();
        database.close();
    }

    @Test
    void writesFailWhileTheDatabaseCannotBeReachedAndGoOnOnceItCan() throws SQLException {
        db.writer().write(tx -> Rows.user(tx, "before"));
        allowConnections(false);
        database.cutConnections("parley-writer");

        assertThatThrownBy(() -> db.writer().write(tx -> Rows.user(tx, "on the lost connection")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot begin a transaction");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> db.writer().write(tx -> Rows.user(tx, "while refused")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot reach the database");
        }
        allowConnections(true);
        db.writer().write(tx -> Rows.user(tx, "after"));

        assertThat(db.reads().select(USERS.EMAIL).from(USERS).orderBy(USERS.ID).fetch(USERS.EMAIL))
                .containsExactly("before", "after");
    }

    /** Lets in, or keeps out, every new connection to the database (the existing ones stay). */
    private void allowConnections(boolean allow) throws SQLException {
        try (Connection admin = DriverManager.getConnection(System.getenv(PostgresDatabases.ADMIN_URL_VARIABLE));
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS " + allow);
        }
    }
}
