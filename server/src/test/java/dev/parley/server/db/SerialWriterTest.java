package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.changes.Change;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one writer: concurrent work shares commits, and a failing unit of work rolls back alone. On
 * SQLite here; {@link PostgresSerialWriterTest} holds PostgreSQL to the same promises.
 */
class SerialWriterTest {

    @TempDir
    Path dir;

    Database db;

    /** The database under test, empty and migrated. */
    Database open(Path dir) {
        return Database.openSqlite(dir.resolve("test.db"), 2);
    }

    /** Runs after the database is closed. */
    void closed() {}

    @BeforeEach
    void openDatabase() {
        db = open(dir);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        closed();
    }

    @Test
    void aFailingWriteRollsBackAloneWhileTheOthersCommit() throws Exception {
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int n = i;
                results.add(clients.submit(() -> db.writer().write(tx -> {
                    long id = insertUser(tx, "user" + n);
                    if (n % 10 == 0) {
                        throw new IllegalArgumentException("refused " + n);
                    }
                    return id;
                })));
            }
        }

        int failed = 0;
        for (Future<Long> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
                failed++;
            }
        }
        assertThat(failed).isEqualTo(20);
        assertThat(db.reads().fetchCount(USERS)).isEqualTo(180);
        assertThat(db.reads().fetchExists(USERS, USERS.EMAIL.eq("user10"))).isFalse();
    }

    @Test
    void aStatementTheDatabaseRefusesRollsBackItsWorkAloneWhileTheOthersCommit() throws Exception {
        insertUser(db, "taken");
        List<Future<Long>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                results.add(clients.submit(() -> db.writer().write(tx -> {
                    if (n % 10 != 0) {
                        return insertUser(tx, "user" + n);
                    }
                    // A first statement that succeeds, then one the unique index refuses: both must go.
                    insertUser(tx, "before" + n);
                    return insertUser(tx, "taken");
                })));
            }
        }

        int refused = 0;
        for (Future<Long> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IntegrityConstraintViolationException.class);
                refused++;
            }
        }
        assertThat(refused).isEqualTo(10);
        assertThat(db.reads().fetchCount(USERS)).isEqualTo(1 + 90);
        assertThat(db.reads().fetchExists(USERS, USERS.EMAIL.like("before%"))).isFalse();
    }

    @Test
    void afterCommitStepsRunInCommitOrderAndOnlyForCommittedWork() throws Exception {
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger counter = new AtomicInteger();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                clients.submit(() -> {
                    int n = counter.incrementAndGet();
                    try {
                        db.writer()
                                .write(
                                        tx -> {
                                            long id = insertUser(tx, "u" + n);
                                            if (n % 7 == 0) {
                                                throw new IllegalStateException("no");
                                            }
                                            return id;
                                        },
                                        seen::add);
                    } catch (IllegalStateException expected) {
                        // The failing ones must not reach the after-commit step.
                    }
                });
            }
        }

        assertThat(seen).hasSize(100 - 100 / 7).isSorted();
        assertThat(seen)
                .containsExactlyElementsOf(db.reads()
                        .select(USERS.ID)
                        .from(USERS)
                        .orderBy(USERS.ID)
                        .fetch(USERS.ID));
    }

    @Test
    void eachWriteOfABatchWhereNothingFailsRunsOnce() throws Exception {
        AtomicIntegerArray runs = queueInOneBatch(20, -1);

        for (int n = 0; n < 20; n++) {
            assertThat(runs.get(n)).as("runs of write %d", n).isEqualTo(1);
        }
        assertThat(db.reads().fetchCount(USERS)).isEqualTo(20);
    }

    @Test
    void aFailureRollsBackItsBatchWhichRunsAgainWithASavepointForEachWrite() throws Exception {
        AtomicIntegerArray runs = queueInOneBatch(20, 7);

        // The first run stops at the failure; the second runs them all, each in a savepoint.
        for (int n = 0; n < 20; n++) {
            assertThat(runs.get(n)).as("runs of write %d", n).isEqualTo(n <= 7 ? 2 : 1);
        }
        assertThat(db.reads().select(USERS.EMAIL).from(USERS).fetchSet(USERS.EMAIL))
                .hasSize(19)
                .doesNotContain("user7");
    }

    @Test
    void aChangeToldInABatchThatRanAgainIsHeardOnce() throws Exception {
        BlockingQueue<Change> heard = new LinkedBlockingQueue<>();
        db.changes().deliverTo(heard::add);
        HeldWriter held = HeldWriter.hold(db);
        held.queue(() ->
                db.writer().writeAndTell(tx -> insertUser(tx, "told"), id -> Optional.of(new Change.GrantRevoked(7))));
        held.queueRefusedWrite();
        held.release();
        db.writer().writeAndTell(tx -> insertUser(tx, "after"), id -> Optional.of(new Change.GrantRevoked(8)));

        // In commit order: a second hearing of the first change would come before the next one.
        assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo(new Change.GrantRevoked(7));
        assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo(new Change.GrantRevoked(8));
    }

    /**
     * Queues {@code writes} writes into one batch, write {@code failing} refused after its insert,
     * and returns how many times each write's work ran.
     */
    private AtomicIntegerArray queueInOneBatch(int writes, int failing) throws InterruptedException {
        AtomicIntegerArray runs = new AtomicIntegerArray(writes);
        List<Integer> answered = Collections.synchronizedList(new ArrayList<>());
        HeldWriter held = HeldWriter.hold(db);
        for (int i = 0; i < writes; i++) {
            int n = i;
            held.queue(() -> {
                try {
                    answered.add(db.writer().write(tx -> {
                        runs.incrementAndGet(n);
                        insertUser(tx, "user" + n);
                        if (n == failing) {
                            throw new IllegalArgumentException("refused");
                        }
                        return n;
                    }));
                } catch (IllegalArgumentException refused) {
                    answered.add(n);
                }
            });
        }
        held.release();
        assertThat(answered).as("each write answered once").hasSize(writes).doesNotHaveDuplicates();
        return runs;
    }

    @Test
    void writesAfterCloseAreRefused() {
        db.close();

        assertThatThrownBy(() -> db.writer().write(tx -> insertUser(tx, "late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closing");
    }

    static long insertUser(Database db, String name) {
        return db.writer().write(tx -> insertUser(tx, name));
    }

    private static long insertUser(DSLContext tx, String name) {
        return tx.insertInto(USERS)
                .set(USERS.EMAIL, name)
                .set(USERS.EMAIL_KEY, name)
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.CREATED_AT, Instant.now())
                .returningResult(USERS.ID)
                .fetchSingle()
                .value1();
    }
}
