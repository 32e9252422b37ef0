package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Holds a database's writer inside a transaction of one, so that the writes queued meanwhile ({@link
 * #queue}) go into the writer's next transaction together once {@link #release}d.
 */
final class HeldWriter {

    private final Database db;
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> callers = new ArrayList<>();

    private HeldWriter(Database db) throws InterruptedException {
        this.db = db;
        CountDownLatch holding = new CountDownLatch(1);
        callers.add(Thread.ofPlatform()
                .start(() -> db.writer().write(tx -> {
                    holding.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                })));
        assertThat(holding.await(30, TimeUnit.SECONDS)).as("the writer is held").isTrue();
    }

    /** Holds {@code db}'s writer until {@link #release}. */
    static HeldWriter hold(Database db) throws InterruptedException {
        return new HeldWriter(db);
    }

    /** Makes {@code call} on a thread of its own, and returns once its write is queued and waits. */
    void queue(Runnable call) {
        Thread thread = Thread.ofPlatform().start(call);
        while (!(thread.getState() == Thread.State.WAITING
                && LockSupport.getBlocker(thread) != null
                && LockSupport.getBlocker(thread).getClass().getName().startsWith(CompletableFuture.class.getName()))) {
            Thread.onSpinWait();
        }
        callers.add(thread);
    }

    /**
     * Queues a write whose work throws: it fails, and its batch, run first without savepoints, runs
     * again (see {@link SerialWriter}).
     */
    void queueRefusedWrite() {
        queue(() -> {
            try {
                db.writer().write(tx -> {
                    throw new IllegalArgumentException("refused");
                });
            } catch (IllegalArgumentException expected) {
                // Its own answer; the batch it was in is what the caller looks at.
            }
        });
    }

    /** Lets the writer go on, and waits until every queued call has been answered. */
    void release() throws InterruptedException {
        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
    }
}
