package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The writer answers a caller only once the commit that holds its work has returned: while SQLite
 * is inside that commit (held there by a commit hook on the writer's own connection), no caller is
 * answered and no after-commit step has run. Through the writer's public methods only.
 */
@Timeout(120)
class SerialWriterCommitTest {

    private static final int CALLERS = 16;

    @TempDir
    Path dir;

    private final CountDownLatch commitEntered = new CountDownLatch(1);
    private final CountDownLatch commitMayGoOn = new CountDownLatch(1);
    /** Commits seen since the hook was set: the first is the one that set it, the second the callers'. */
    private int commits;

    @Test
    void noCallerIsAnsweredAndNoAfterCommitStepRunsBeforeTheCommitReturns() throws Exception {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            db.writer().write(tx -> {
                tx.connection(
                        connection -> connection.unwrap(SQLiteConnection.class).addCommitListener(new Hold()));
                return 0;
            });

            Set<Thread> answered = ConcurrentHashMap.newKeySet();
            List<Long> afterCommit = new CopyOnWriteArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String email = "caller" + i;
                callers.add(Thread.ofPlatform().name(email).start(() -> {
                    db.writer().write(tx -> insertUser(tx, email), afterCommit::add);
                    answered.add(Thread.currentThread());
                }));
            }
            assertThat(commitEntered.await(60, TimeUnit.SECONDS))
                    .as("a commit began")
                    .isTrue();

            // Is a caller still waiting, or answered and on its way? The writer keeps an interrupted
            // caller waiting for its outcome: one that has taken the interrupt and parks again on its
            // answer was not answered; one that was answered returns. Either way it shows, without a clock.
            for (Thread caller : callers) {
                caller.interrupt();
                while (!answered.contains(caller) && !waitsForItsAnswerAgain(caller)) {
                    Thread.yield();
                }
            }
            assertThat(answered)
                    .as("callers answered while the commit holding their work had not returned")
                    .isEmpty();
            assertThat(afterCommit)
                    .as("after-commit steps run before the commit returned")
                    .isEmpty();

            commitMayGoOn.countDown();
            for (Thread caller : callers) {
                caller.join();
            }
            assertThat(answered).containsExactlyInAnyOrderElementsOf(callers);
            assertThat(afterCommit).hasSize(CALLERS).doesNotHaveDuplicates();
            assertThat(db.reads().fetchCount(USERS)).isEqualTo(CALLERS);
        }
    }

    /** Parked, its interrupt taken, on a future not yet complete (a complete one would not park it). */
    private static boolean waitsForItsAnswerAgain(Thread caller) {
        Object blocker = LockSupport.getBlocker(caller);
        return caller.getState() == Thread.State.WAITING
                && !caller.isInterrupted()
                && blocker != null
                && blocker.getClass().getName().startsWith(CompletableFuture.class.getName());
    }

    /**
     * Holds the second commit it sees (the first is the one that set it), until the test lets it go
     * on: counted, not armed by the test, as a writer that answered early would let the test arm it
     * before the first commit.
     */
    private final class Hold implements SQLiteCommitListener {
        @Override
        public void onCommit() {
            if (++commits != 2) {
                return;
            }
            commitEntered.countDown();
            try {
                commitMayGoOn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onRollback() {}
    }

    private static long insertUser(org.jooq.DSLContext tx, String email) {
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
