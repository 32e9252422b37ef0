package dev.parley.server.account;

import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * bcrypt on a small pool of platform threads, one per core by default. Request handlers run on
 * virtual threads, which share a few carrier threads: a quarter second of hashing on a carrier would
 * stall every other request scheduled on it, so the hashing happens here and the virtual thread
 * merely waits for it.
 * <p>
 * The hashing threads run at a lower CPU priority than the rest of the server (a higher nice
 * value, {@link ThreadNiceness}): while requests keep the cores busy, they go first and bcrypt gets
 * a small share; on idle cores bcrypt runs at full speed. A storm of log-ins, an attacker's
 * guesses among them, so slows log-ins rather than every other request (benchmark/README.md,
 * "Log-ins").
 * <p>
 * Log-ins go first: a registration is hashed only when no log-in waits, so a flood of registrations
 * cannot starve log-ins. Work that waited longer than {@code maxWait} is not done at all and its
 * request gets 503: its client has most likely given up, and hashing for nobody would only make
 * everyone behind it wait longer.
 */
final class PasswordHasher implements AutoCloseable {

    /** Up to parley.auth.max-hashing-wait's default (10 s) and beyond. */
    private static final List<Duration> WAIT_BUCKETS =
            Meters.seconds(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    /** Which work goes first. */
    enum Priority {
        LOG_IN("log_in"),
        REGISTRATION("registration");

        private final String label;

        Priority(String label) {
            this.label = label;
        }
    }

    private final Bcrypt bcrypt;
    private final int cost;
    private final Duration maxWait;
    private final ThreadPoolExecutor pool;
    private final AtomicLong arrivals = new AtomicLong();
    /** Compared against for unknown emails, so they cost the same work as a wrong password. */
    private final String decoyHash;
    /** By {@link Priority}: hashes done, work dropped for waiting too long, and the wait for a thread. */
    private final Counter[] hashed;

    private final Counter[] abandoned;
    private final Timer[] waited;

    /** {@code niceness}: added to the hashing threads' nice value (0: the server's own priority). */
    PasswordHasher(Bcrypt bcrypt, int cost, int threads, int niceness, Duration maxWait, Meters meters) {
        this.bcrypt = bcrypt;
        this.cost = cost;
        this.maxWait = maxWait;
        ThreadFactory threadFactory =
                Thread.ofPlatform().name("parley-bcrypt-", 0).daemon(true).factory();
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(),
                work -> threadFactory.newThread(() -> {
                    ThreadNiceness.lowerCurrentThread(niceness);
                    work.run();
                }));
        Priority[] kinds = Priority.values();
        this.hashed = new Counter[kinds.length];
        this.abandoned = new Counter[kinds.length];
        this.waited = new Timer[kinds.length];
        for (Priority kind : kinds) {
            hashed[kind.ordinal()] = meters.counter(
                    "parley.bcrypt.hashes",
                    "Passwords hashed or checked with bcrypt, "
                            + "by work: log_in (a check; unknown emails included) or registration.",
                    "work",
                    kind.label);
            abandoned[kind.ordinal()] = meters.counter(
                    "parley.bcrypt.abandoned",
                    "bcrypt work not done because it "
                            + "waited longer than parley.auth.max-hashing-wait (answered 503).",
                    "work",
                    kind.label);
            waited[kind.ordinal()] = meters.timer(
                    "parley.bcrypt.wait",
                    "How long bcrypt work waited for a hashing " + "thread.",
                    WAIT_BUCKETS,
                    "work",
                    kind.label);
        }
        meters.gauge("parley.bcrypt.queue.length", "bcrypt work waiting for a hashing thread now.", this::waiting);
        this.decoyHash = bcrypt.hash("decoy password that matches nothing", cost);
    }

    String hash(Password password) {
        return onPool(Priority.REGISTRATION, () -> bcrypt.hash(password.text(), cost));
    }

    boolean matches(String password, String hash) {
        return onPool(Priority.LOG_IN, () -> bcrypt.matches(password, hash));
    }

    /** Spends the work of one check and returns nothing: the answer for an unknown email. */
    void spendEquivalentWork(String password) {
        matches(password, decoyHash);
    }

    /** Pieces of work waiting for a thread now. */
    int waiting() {
        return pool.getQueue().size();
    }

    /** Stops hashing; whoever still waits for theirs gets 503. */
    @Override
    public void close() {
        for (Runnable queued : pool.shutdownNow()) {
            ((Job<?>) queued).result.completeExceptionally(stopping());
        }
    }

    /** Does {@code work} on the pool, in its turn, and returns its result. */
    <T> T onPool(Priority priority, Supplier<T> work) {
        Job<T> job = new Job<>(priority, arrivals.getAndIncrement(), System.nanoTime(), work);
        try {
            pool.execute(job);
        } catch (RejectedExecutionException e) {
            throw stopping();
        }
        try {
            return job.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static ApiException stopping() {
        return new ApiException.ServiceUnavailable("the server is stopping", Duration.ofSeconds(2));
    }

    /** A piece of hashing in the queue: log-ins before registrations, then first come, first served. */
    private final class Job<T> implements Runnable, Comparable<Job<?>> {
        private final Priority priority;
        private final long arrival;
        private final long queuedAt;
        private final Supplier<T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Priority priority, long arrival, long queuedAt, Supplier<T> work) {
            this.priority = priority;
            this.arrival = arrival;
            this.queuedAt = queuedAt;
            this.work = work;
        }

        @Override
        public void run() {
            long waitedNanos = System.nanoTime() - queuedAt;
            waited[priority.ordinal()].record(waitedNanos, TimeUnit.NANOSECONDS);
            if (waitedNanos > maxWait.toNanos()) {
                abandoned[priority.ordinal()].increment();
                result.completeExceptionally(new ApiException.ServiceUnavailable(
                        "the server is checking too many passwords at once; try again shortly", Duration.ofSeconds(2)));
                return;
            }
            try {
                T value = work.get();
                // Counted before its requester is answered, so whoever reads the metrics next sees it.
                hashed[priority.ordinal()].increment();
                result.complete(value);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }

        @Override
        public int compareTo(Job<?> other) {
            int byPriority = priority.compareTo(other.priority);
            return byPriority != 0 ? byPriority : Long.compare(arrival, other.arrival);
        }
    }
}
