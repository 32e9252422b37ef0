package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.changes.Change;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A writer whose connection is lost: between transactions, while the database still refuses
 * connections (a restart not over yet), each write fails with the reason and the first once it is
 * back runs on a new connection; during a transaction, that transaction fails whole, tells nothing,
 * and the next write runs on a new connection at once. Skipped without PARLEY_TEST_POSTGRES_URL.
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

    @Test
    void aConnectionLostDuringALoneWorkIsReplacedForTheNextWrite() {
        assertThatThrownBy(() -> db.writer().write(tx -> tx.fetch("SELECT pg_terminate_backend(pg_backend_pid())")))
                .isInstanceOf(RuntimeException.class);

        db.writer().write(tx -> Rows.user(tx, "next"));

        assertThat(db.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                .containsExactly("next");
    }

    @Test
    void aBatchWhoseConnectionWasLostFailsWholeTellsNothingAndTheNextWriteGoesOn() throws Exception {
        BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        db.changes().deliverTo(heard::add);
        HeldWriter held = HeldWriter.hold(db);
        // Queued while the writer is busy, so that one transaction holds both: a change told, then the
        // connection lost.
        AtomicReference<Throwable> toldFailure = new AtomicReference<>();
        held.queue(() -> {
            try {
                db.writer().writeAndTell(tx -> Rows.user(tx, "told"), id -> Optional.of(new Change.GrantRevoked(99)));
            } catch (RuntimeException e) {
                toldFailure.set(e);
            }
        });
        held.queue(() -> {
            try {
                db.writer().write(tx -> tx.fetch("SELECT pg_terminate_backend(pg_backend_pid())"));
            } catch (RuntimeException expected) {
                // Its own failure; the other work's is the one this test is about.
            }
        });
        held.release();

        assertThat(toldFailure.get()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("commit failed");
        db.writer().writeAndTell(tx -> Rows.user(tx, "next"), id -> Optional.of(new Change.GrantRevoked(100)));
        assertThat(heard.poll(20, TimeUnit.SECONDS))
                .as("only what committed is heard")
                .isEqualTo(new Change.GrantRevoked(100));
        assertThat(db.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                .containsExactly("next");
    }

    /** Lets in, or keeps out, every new connection to the database (the existing ones stay). */
    private void allowConnections(boolean allow) throws SQLException {
        try (Connection admin = DriverManager.getConnection(System.getenv(PostgresDatabases.ADMIN_URL_VARIABLE));
                Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + database.name() + " WITH ALLOW_CONNECTIONS " + allow);
        }
    }
}
