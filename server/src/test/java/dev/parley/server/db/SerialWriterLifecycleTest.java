package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's life on a real SQLite database: each work runs once, a failing one leaves nothing
 * behind and gives back the message ids it took, an interrupted caller still gets its committed
 * result, and closing waits for the work in flight, then stops the writer thread and closes its
 * connection.
 */
@Timeout(60)
class SerialWriterLifecycleTest {

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.openSqlite(dir.resolve("test.db"), 1);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachWorkRunsOnceAndItsAfterCommitStepOnce() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger afterCommits = new AtomicInteger();

        db.writer().write(tx -> runs.incrementAndGet(), result -> afterCommits.incrementAndGet());
        db.writer().write(tx -> insertUser(tx, "next"));
        db.writer().write(tx -> insertUser(tx, "and the next"));

        assertThat(runs).hasValue(1);
        assertThat(afterCommits).hasValue(1);
    }

    @Test
    void aLoneFailingWorkLeavesNothingBehindForTheNextCommit() {
        assertThatThrownBy(() -> db.writer().write(tx -> {
                    insertUser(tx, "rolled back");
                    throw new IllegalStateException("refused");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refused");
        db.writer().write(tx -> insertUser(tx, "committed"));

        assertThat(db.reads().select(USERS.EMAIL).from(USERS).fetch(USERS.EMAIL))
                .containsExactly("committed");
    }

    @Test
    void aWorkThatFailsOnItsOwnDoesNotCostTheWriterItsConnection() {
        Connection before = db.writer().write(SerialWriterLifecycleTest::connectionOf);
        assertThatThrownBy(() -> db.writer().write(tx -> {
                    throw new IllegalStateException("refused");
                }))
                .hasMessage("refused");

        Connection after = db.writer().write(SerialWriterLifecycleTest::connectionOf);

        assertThat(after).isSameAs(before);
    }

    @Test
    void messageIdsAreHandedOutInsideTheWritersTransactionOnlyAlsoAfterAFailedOne() {
        assertThatThrownBy(() -> db.writer().write(tx -> {
                    db.writer().messageIds().next();
                    throw new IllegalStateException("refused");
                }))
                .hasMessage("refused");
        assertThatThrownBy(() -> db.writer().messageIds().next()).isInstanceOf(IllegalStateException.class);

        long id = db.writer().write(tx -> db.writer().messageIds().next());
        assertThatThrownBy(() -> db.writer().messageIds().next()).isInstanceOf(IllegalStateException.class);
        assertThat(id).as("the failed work's id handed out again").isEqualTo(1);
        long after = db.writer().write(tx -> db.writer().messageIds().next());
        assertThat(after).as("the last id stored").isEqualTo(2);
    }

    @Test
    void aWorkThatFailsAmongOthersGivesBackItsMessageIdsAndItsRowsAlone() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = caller(() -> db.writer().write(tx -> {
            holding.countDown();
            await(release);
            return 0;
        }));
        assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
        // Queued one after the other while the writer is busy: the next transaction holds all three.
        AtomicReference<Long> taken = new AtomicReference<>();
        AtomicReference<Long> first = new AtomicReference<>();
        AtomicReference<Long> next = new AtomicReference<>();
        Thread one = queued(() -> first.set(db.writer().write(tx -> {
            insertUser(tx, "first");
            return db.writer().messageIds().next();
        })));
        Thread failing = queued(() -> {
            try {
                db.writer().write(tx -> {
                    taken.set(db.writer().messageIds().next());
                    db.writer().messageIds().next();
                    insertUser(tx, "failing");
                    throw new IllegalStateException("refused");
                });
            } catch (IllegalStateException expected) {
                // Its ids and its row must go; the others' stay.
            }
        });
        Thread two = queued(() -> next.set(db.writer().write(tx -> {
            insertUser(tx, "next");
            return db.writer().messageIds().next();
        })));
        release.countDown();
        for (Thread thread : new Thread[] {holder, one, failing, two}) {
            thread.join();
        }

        assertThat(first.get()).isEqualTo(1);
        assertThat(taken.get()).isEqualTo(2);
        assertThat(next.get())
                .as("the id the failed work took, handed out again")
                .isEqualTo(2);
        assertThat(db.reads().select(USERS.EMAIL).from(USERS).orderBy(USERS.ID).fetch(USERS.EMAIL))
                .containsExactly("first", "next");
        long after = db.writer().write(tx -> db.writer().messageIds().next());
        assertThat(after).isEqualTo(3);
    }

    @Test
    void anInterruptedCallerGetsItsCommittedResultAndKeepsItsInterrupt() {
        Thread.currentThread().interrupt();
        long id = db.writer().write(tx -> insertUser(tx, "interrupted"));
        boolean keptInterrupt = Thread.interrupted();

        long next = db.writer().write(tx -> insertUser(tx, "not interrupted"));

        assertThat(keptInterrupt).isTrue();
        assertThat(Thread.currentThread().isInterrupted())
                .as("a caller not interrupted is left so")
                .isFalse();
        assertThat(db.reads().select(USERS.ID).from(USERS).orderBy(USERS.ID).fetch(USERS.ID))
                .containsExactly(id, next);
    }

    @Test
    void closingAnIdleWriterStopsItsThreadAndClosesItsConnection() throws Exception {
        Thread writerThread = db.writer().write(tx -> Thread.currentThread());
        Connection connection = db.writer().write(SerialWriterLifecycleTest::connectionOf);

        db.writer().close();

        assertThat(writerThread.isAlive()).isFalse();
        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(() -> db.writer().write(tx -> 0)).hasMessageContaining("closing");
    }

    @Test
    void closingWaitsForTheWorkInFlightCommitsItThenStopsTheWriter() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<Thread> writerThread = new AtomicReference<>();
        AtomicReference<Connection> connection = new AtomicReference<>();
        Thread caller = caller(() -> db.writer().write(tx -> {
            writerThread.set(Thread.currentThread());
            connection.set(connectionOf(tx));
            working.countDown();
            await(mayFinish);
            long id = insertUser(tx, "in flight");
            finished.set(true);
            return id;
        }));
        assertThat(working.await(30, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean finishedWhenClosed = new AtomicBoolean();
        Thread closer = caller(() -> {
            db.writer().close();
            finishedWhenClosed.set(finished.get());
        });
        // Closing waits (joining the writer thread) or, were it not to wait, is over already.
        while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        mayFinish.countDown();
        closer.join();
        caller.join();

        assertThat(finishedWhenClosed)
                .as("the work in flight had finished when close returned")
                .isTrue();
        assertThat(writerThread.get().isAlive()).isFalse();
        assertThat(connection.get().isClosed()).isTrue();
        assertThat(db.reads().fetchExists(USERS, USERS.EMAIL.eq("in flight")))
                .as("committed")
                .isTrue();
    }

    /** The writer's own connection, as its work sees it. */
    private static Connection connectionOf(DSLContext tx) {
        return tx.connectionResult(connection -> connection.unwrap(Connection.class));
    }

    /** A caller on a thread of its own. */
    private static Thread caller(Runnable call) {
        return Thread.ofPlatform().start(call);
    }

    /** A caller whose work is queued once this returns: it waits for its answer. */
    private static Thread queued(Runnable call) {
        Thread thread = caller(call);
        while (!waitsForItsAnswer(thread)) {
            Thread.onSpinWait();
        }
        return thread;
    }

    private static boolean waitsForItsAnswer(Thread caller) {
        Object blocker = LockSupport.getBlocker(caller);
        return caller.getState() == Thread.State.WAITING
                && blocker != null
                && blocker.getClass().getName().startsWith(CompletableFuture.class.getName());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long insertUser(DSLContext tx, String email) {
        return tx.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.EMAIL_KEY, email)
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.CREATED_AT, Instant.now())
                .returningResult(USERS.ID)
                .fetchSingle()
                .value1();
    }
}
