package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a PostgreSQL database: as on SQLite, and the thread listening for changes ends too, and no
 * connection to the database is left open. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class PostgresDatabaseCloseTest extends DatabaseCloseTest {

    private static final String PROBE = "parley-close-test-probe";

    private PostgresDatabases.Temporary database;

    @Override
    Database open() {
        database = PostgresDatabases.create();
        return PostgresMigrationTest.open(database);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aClosedDatabaseStopsListeningForChangesAndLeavesNoConnectionOpen() throws Exception {
        Set<Thread> before = threadsNamed("parley-changes");
        Database db = open();
        Set<Thread> listening = new HashSet<>(threadsNamed("parley-changes"));
        listening.removeAll(before);
        assertThat(listening).as("its thread listening for changes").hasSize(1);
        assertThat(connectionsTo(database)).contains("parley-writer", "parley-changes", "parley-readers");

        db.close();

        assertThat(listening.iterator().next().isAlive()).isFalse();
        // A server process ends a closed connection's backend a moment after the client closed it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!connectionsTo(database).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(connectionsTo(database)).isEmpty();
    }

    /**
     * The application names of the connections open to {@code database}, through a connection of the
     * test's own. Those are named apart and left out: the backend of the one before may still be
     * ending when the next looks.
     */
    private static Set<String> connectionsTo(PostgresDatabases.Temporary database) throws SQLException {
        Set<String> names = new HashSet<>();
        Properties probe = new Properties();
        probe.setProperty("ApplicationName", PROBE);
        try (Connection connection = DriverManager.getConnection(database.url(), probe);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT application_name FROM pg_stat_activity WHERE datname = ? AND application_name <> ?")) {
            query.setString(1, database.name());
            query.setString(2, PROBE);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }
}
