package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyConfig;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.testing.MeterReadings;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server whose listening connection is cut, and cannot listen again until the database lets it,
 * delivers a message committed meanwhile before it says it may have missed more, and its meters
 * show the outage: not connected while it lasts, one reconnection after. Skipped without
 * PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
@Timeout(120)
class PostgresChangeFeedReconnectTest {

    private static final String EMAIL = "feed@example.com";
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private PostgresDatabases.Temporary database;

    @BeforeEach
    void create() {
        database = PostgresDatabases.create();
    }

    @AfterEach
    void drop() {
        database.allowConnections(true);
        database.close();
    }

    @Test
    void whatWasCommittedWhileTheFeedWasCutComesBeforeMaybeMissedAndTheOutageIsMeasured() throws Exception {
        Heard heard = new Heard();
        try (MeterReadings readings = new MeterReadings();
                Database db = Database.open(
                        new ParleyConfig.Database(
                                Optional.of(database.url()), Optional.empty(), Optional.empty(), 2, 2),
                        Path.of("no-sqlite-file-is-used.db"),
                        readings.meters());
                ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            db.changes().deliverTo(heard::add);
            long user = db.writer().write(tx -> Rows.user(tx, EMAIL));
            long session = db.writer().write(tx -> Rows.session(tx, user));
            assertThat(readings.gauge("parley.change.feed.connected")).isEqualTo(1);
            Change before = post(db, session, user, "before the cut");
            assertThat(heard.next(1)).containsExactly(before);
            MeterReadings.Histogram lag = readings.timer("parley.change.feed.lag");
            assertThat(lag.count()).as("the round trip of the one change told").isEqualTo(1);
            assertThat(lag.max()).as("seconds from writing to hearing it back").isBetween(0.0, 30.0);

            // The writer and the readers keep their connections; the feed loses its own and cannot
            // make another until connections are allowed again.
            database.allowConnections(false);
            database.cutConnections("parley-changes");
            awaitTrue(() -> readings.gauge("parley.change.feed.connected") == 0);
            Future<Change> posted = writers.submit(() -> post(db, session, user, "while the feed was cut"));
            awaitTrue(() -> db.reads().fetchCount(MESSAGES) == 2);
            database.allowConnections(true);

            assertThat(heard.next(2)).containsExactly(posted.get(), new Change.MaybeMissed());
            assertThat(readings.count("parley.change.feed.reconnects")).isEqualTo(1);
            assertThat(readings.gauge("parley.change.feed.connected")).isEqualTo(1);
        }
    }

    private static Change post(Database db, long session, long user, String text) {
        return db.writer()
                .writeAndTell(
                        tx -> new SessionChange.MessagePosted(
                                Rows.message(tx, db.writer(), session, user, EMAIL, text)),
                        Optional::of);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
