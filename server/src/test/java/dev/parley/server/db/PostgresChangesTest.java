package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Message;
import dev.parley.server.ParleyConfig;
import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.testing.MeterReadings;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two servers' databases on one PostgreSQL database, as two Parley servers share it: every change
 * either commits is heard on both, once, in commit order, a new message as its server told it there
 * and read back whole from the database on the other; what no notification announced is delivered all the same; and whoever made a change is
 * answered only once their own server has heard it, never after giving up waiting. Skipped without
 * PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
@Timeout(120)
class PostgresChangesTest {

    private static final String EMAIL = "poster@example.com";

    private PostgresDatabases.Temporary database;
    private Database one;
    private Database two;
    private final Heard heardOnOne = new Heard();
    private final Heard heardOnTwo = new Heard();
    /** Held here: JUL keeps its loggers weakly, and a collected one would lose the handler. */
    private final Logger changesLog = Logger.getLogger(PostgresChanges.class.getName());

    private final List<LogRecord> gaveUpWaiting = new ArrayList<>();
    private final Handler warnings = new Handler() {
        @Override
        public synchronized void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                gaveUpWaiting.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private long user;
    private long session;

    @BeforeEach
    void open() {
        changesLog.addHandler(warnings);
        database = PostgresDatabases.create();
        one = PostgresMigrationTest.open(database);
        two = PostgresMigrationTest.open(database);
        one.changes().deliverTo(heardOnOne::add);
        two.changes().deliverTo(heardOnTwo::add);
        user = one.writer().write(tx -> Rows.user(tx, EMAIL));
        session = one.writer().write(tx -> Rows.session(tx, user));
    }

    @AfterEach
    void close() {
        changesLog.removeHandler(warnings);
        one.close();
        two.close();
        database.close();
    }

    @Test
    void everyChangeIsHeardOnEveryServerOnceInCommitOrderAndByItsWriterBeforeItIsAnswered() throws Exception {
        List<Change> told = new ArrayList<>();
        told.add(tell(one, new SessionChange.MemberAdded(session, 7, "seven@example.com")));
        told.add(post(one, "from one"));
        told.add(tell(two, new SessionChange.SessionRenamed(session, "Renamed")));
        told.add(post(two, "from two"));
        told.add(tell(one, new SessionChange.MemberRemoved(session, 7, "seven@example.com")));
        told.add(tell(two, new Change.GrantRevoked(41)));
        told.add(tell(one, new SessionChange.SessionDeleted(session + 1)));

        heardOnOne.assertNext(told);
        heardOnTwo.assertNext(told);
        Change last = tell(two, new Change.GrantRevoked(42));
        heardOnOne.assertNext(List.of(last));
        heardOnTwo.assertNext(List.of(last));
        assertThat(gaveUpWaiting)
                .as("writers answered without their change heard back")
                .isEmpty();
    }

    @Test
    void eachServerTellsItsOwnNoticesFromTheOthersByAnOriginOfItsOwn() {
        String originOfOne = ((PostgresChanges) one.changes()).origin();
        String originOfTwo = ((PostgresChanges) two.changes()).origin();

        assertThat(originOfOne).matches("[0-9a-f]{12}").isNotEqualTo(originOfTwo);
        assertThat(originOfTwo).matches("[0-9a-f]{12}").isNotEqualTo("000000000000");
    }

    @Test
    void aWriterWaitsForItsOwnServerToHearItsChange() throws Exception {
        CountDownLatch hearing = new CountDownLatch(1);
        CountDownLatch mayGoOn = new CountDownLatch(1);
        one.changes().deliverTo(change -> {
            hearing.countDown();
            await(mayGoOn);
        });
        AtomicBoolean answered = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            tell(one, new Change.GrantRevoked(1));
            answered.set(true);
        });
        assertThat(hearing.await(30, TimeUnit.SECONDS))
                .as("the change is heard")
                .isTrue();

        // The writer parks waiting for its own change, or (were it not to wait) is answered already.
        while (!answered.get() && !waitsForDelivery(writer)) {
            Thread.onSpinWait();
        }
        assertThat(answered)
                .as("answered while its server was still hearing the change")
                .isFalse();
        mayGoOn.countDown();
        writer.join();
        assertThat(answered).isTrue();
        assertThat(gaveUpWaiting).isEmpty();
    }

    @Test
    void aMessageNoNotificationAnnouncedIsDeliveredAllTheSame() throws Exception {
        Message unannounced =
                one.writer().write(tx -> Rows.message(tx, one.writer(), session, user, EMAIL, "unannounced"));

        heardOnOne.assertNext(List.of(new SessionChange.MessagePosted(unannounced)));
        heardOnTwo.assertNext(List.of(new SessionChange.MessagePosted(unannounced)));
    }

    /**
     * Each change is heard on both servers before the next is made: a server reads a message back
     * as it is when it hears of it, which could be already past a change made right after it.
     */
    @Test
    void editsAndDeletionsAreHeardOnEveryServerInCommitOrderWithTheMessageReadBack() throws Exception {
        SessionChange.MessagePosted first = (SessionChange.MessagePosted) post(one, "first");
        assertHeardOnBoth(first);
        SessionChange.MessageEdited edited = one.writer()
                .writeAndTell(tx -> Rows.edit(tx, one.writer(), first.message(), "first, edited"), Optional::of);
        assertHeardOnBoth(edited);
        SessionChange.MessageDeleted deleted =
                two.writer().writeAndTell(tx -> Rows.delete(tx, two.writer(), edited.message()), Optional::of);
        assertHeardOnBoth(deleted);

        assertThat(edited.previousSeq()).isEqualTo(first.message().id());
        assertThat(deleted.previousSeq()).isEqualTo(edited.seq());
    }

    /**
     * A message committed without a notification (as the nets find it) and edited since: it is
     * delivered once as posted, as it now is, before the edit's own notification is delivered.
     */
    @Test
    void aMessagePostedUnannouncedAndThenEditedComesAsPostedThenAsTheEdit() throws Exception {
        Message unannounced =
                one.writer().write(tx -> Rows.message(tx, one.writer(), session, user, EMAIL, "unannounced"));
        SessionChange.MessageEdited edited = one.writer()
                .writeAndTell(tx -> Rows.edit(tx, one.writer(), unannounced, "announced edit"), Optional::of);

        List<Change> expected = List.of(new SessionChange.MessagePosted(edited.message()), edited);
        heardOnOne.assertNext(expected);
        heardOnTwo.assertNext(expected);
    }

    @Test
    void anEditNoNotificationAnnouncedIsDeliveredWithoutItsPreviousSeq() throws Exception {
        Change posted = post(one, "to be edited quietly");
        heardOnOne.assertNext(List.of(posted));
        heardOnTwo.assertNext(List.of(posted));

        SessionChange.MessageEdited quiet = one.writer()
                .write(tx -> Rows.edit(tx, one.writer(), ((SessionChange.MessagePosted) posted).message(), "quiet"));

        Change expected =
                new SessionChange.MessageEdited(quiet.message(), quiet.seq(), SessionChange.MessageChanged.UNKNOWN);
        heardOnOne.assertNext(List.of(expected));
        heardOnTwo.assertNext(List.of(expected));
    }

    @Test
    void aRunOfMessagesLongerThanAPageIsDeliveredWholeAndInOrder() throws Exception {
        List<Change> posted = one.writer().write(tx -> {
            List<Change> messages = new ArrayList<>();
            for (int i = 0; i < 1_100; i++) {
                messages.add(
                        new SessionChange.MessagePosted(Rows.message(tx, one.writer(), session, user, EMAIL, "m" + i)));
            }
            return messages;
        });
        posted.add(post(one, "announced"));

        heardOnTwo.assertNext(posted);
        heardOnOne.assertNext(posted);
    }

    /**
     * Server two hears of a message only after it was deleted (as with its session, by anyone): it
     * finds nothing to read and delivers the next. Server one, which posted it, delivered it as told.
     */
    @Test
    void aMessageGoneBeforeItWasReadIsSkippedAndTheNextIsDelivered() throws Exception {
        CountDownLatch twoHearsOn = new CountDownLatch(1);
        Change.GrantRevoked holdsTwo = new Change.GrantRevoked(9);
        two.changes().deliverTo(change -> {
            heardOnTwo.add(change);
            if (change.equals(holdsTwo)) {
                await(twoHearsOn);
            }
        });
        tell(one, holdsTwo);
        Change gone = post(one, "deleted before server two reads it");
        one.writer()
                .write(tx -> tx.deleteFrom(MESSAGES)
                        .where(MESSAGES.ID.eq(
                                ((SessionChange.MessagePosted) gone).message().id()))
                        .execute());
        Change next = post(one, "next");
        twoHearsOn.countDown();

        heardOnTwo.assertNext(List.of(holdsTwo, next));
        heardOnOne.assertNext(List.of(holdsTwo, gone, next));
    }

    /**
     * A server delivers its own new messages as its writer told them, and reads back from the
     * database only those other servers posted.
     */
    @Test
    void aServerReadsBackOnlyTheNewMessagesOfOtherServers() throws Exception {
        try (MeterReadings readings = new MeterReadings();
                Database counted = Database.open(
                        new ParleyConfig.Database(
                                Optional.of(database.url()), Optional.empty(), Optional.empty(), 2, 2),
                        Path.of("no-sqlite-file-is-used.db"),
                        readings.meters())) {
            Heard heardOnCounted = new Heard();
            counted.changes().deliverTo(heardOnCounted::add);

            List<Change> told = List.of(
                    post(counted, "own, first"),
                    post(counted, "own, second"),
                    post(two, "another server's, first"),
                    post(counted, "own, third"),
                    post(two, "another server's, second"));

            heardOnCounted.assertNext(told);
            heardOnTwo.assertNext(told);
            assertThat(readings.count("parley.change.feed.messages.read")).isEqualTo(2);
        }
    }

    @Test
    void aNotificationThisVersionDoesNotUnderstandIsSkipped() throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + PostgresChanges.CHANNEL + ", 'from a newer version'");
        }
        Change next = tell(one, new Change.GrantRevoked(3));

        heardOnTwo.assertNext(List.of(next));
        heardOnOne.assertNext(List.of(next));
    }

    @Test
    void aServerWhoseListeningConnectionWasCutDeliversWhatItMissedAndSaysItMayHaveMissedMore() throws Exception {
        database.cutConnections("parley-changes");
        Change posted = post(one, "while nobody listened");

        for (Heard heard : List.of(heardOnOne, heardOnTwo)) {
            assertThat(heard.next(2)).containsExactlyInAnyOrder(posted, new Change.MaybeMissed());
        }
        // Both listen again now (the feed tells that it may have missed changes once it does).
        Change after = tell(two, new Change.GrantRevoked(5));
        heardOnOne.assertNext(List.of(after));
        heardOnTwo.assertNext(List.of(after));
        assertThat(gaveUpWaiting)
                .as("writers answered without their change heard back")
                .isEmpty();
    }

    private void assertHeardOnBoth(Change change) throws InterruptedException {
        heardOnOne.assertNext(List.of(change));
        heardOnTwo.assertNext(List.of(change));
    }

    private Change post(Database db, String text) {
        return db.writer()
                .writeAndTell(
                        tx -> new SessionChange.MessagePosted(
                                Rows.message(tx, db.writer(), session, user, EMAIL, text)),
                        Optional::of);
    }

    private static Change tell(Database db, Change change) {
        return db.writer().writeAndTell(tx -> change, Optional::of);
    }

    /** Parked on the condition its server signals when it has heard more of its own changes. */
    private static boolean waitsForDelivery(Thread writer) {
        return writer.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(writer.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("awaitDelivered"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
