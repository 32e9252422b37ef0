package dev.parley.server.db;

import dev.parley.server.changes.Change;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;

/**
 * Changes of a database several servers may share: each transaction announces its changes with
 * {@code NOTIFY} (which PostgreSQL delivers only once it commits, in commit order), and every server,
 * this one included, hears them through its {@link ChangeFeed}. That feed is the one place changes
 * are delivered from, so nothing is delivered twice; whoever made a change waits until this server's
 * feed has delivered it, so they read their own writes back from this server's in-memory views.
 */
final class PostgresChanges extends Changes {

    /** The channel every Parley server on the database listens on. */
    static final String CHANNEL = "parley_changes";
    /** How long a writer waits for its own change to come back before answering anyway. */
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(PostgresChanges.class.getName());
    private static final List<Duration> LAG_BUCKETS =
            Meters.seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);

    /** Tells this server's notices from the others'. */
    private final String origin;
    /** Payloads told in the transaction being built; the writer thread's only. */
    private final List<String> pending = new ArrayList<>();

    private long told;
    private volatile long committed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition deliveredMore = lock.newCondition();
    private long delivered;
    private volatile ChangeFeed feed;

    private final Timer lag;
    private final Counter reconnects;
    /**
     * The change whose round trip is being timed, and when it was told: one at a time, so that timing
     * costs the writer nothing per change. Set by the writer when 0, cleared by the feed (or by the
     * writer, when its transaction rolled back).
     */
    private volatile long timedNumber;

    private long timedSince;

    PostgresChanges(Meters meters) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.origin = HexFormat.of().formatHex(random);
        this.lag = meters.timer(
                "parley.change.feed.lag",
                "PostgreSQL: from a change being written (its transaction's "
                        + "commit included) to this server's feed hearing it back; sampled, one change at a time.",
                LAG_BUCKETS);
        this.reconnects = meters.counter(
                "parley.change.feed.reconnects",
                "PostgreSQL: times the connection that " + "listens for changes was lost and made again.");
        meters.gauge(
                "parley.change.feed.connected",
                "PostgreSQL: 1 while the change feed listens, 0 while it " + "reconnects.",
                () -> feed != null && feed.isListening() ? 1 : 0);
    }

    /** Starts hearing the changes of every server; the database must be migrated. */
    void listen(SerialWriter.Connector connector, DSLContext reads) {
        feed = ChangeFeed.start(connector, reads, this);
    }

    String origin() {
        return origin;
    }

    @Override
    long tell(DSLContext tx, Change change) {
        told++;
        pending.add(ChangeNotice.of(origin, told, change).json());
        if (timedNumber == 0) {
            timedSince = System.nanoTime();
            timedNumber = told;
        }
        return told;
    }

    @Override
    void beforeCommit(DSLContext tx) {
        if (pending.isEmpty()) {
            return;
        }
        // One statement for the batch; PostgreSQL queues the notifications in call order, which ORDER
        // BY fixes here (volatile functions run after the sort).
        tx.fetch(
                "SELECT pg_notify(?, payload) FROM unnest(?::text[]) WITH ORDINALITY AS p(payload, i) ORDER BY i",
                CHANNEL,
                pending.toArray(String[]::new));
        pending.clear();
    }

    @Override
    void committed(Change change, long number) {
        committed = number;
    }

    @Override
    void rolledBack() {
        pending.clear();
        // What was told here is never heard back.
        timedNumber = 0;
    }

    @Override
    void awaitDelivered(long number) {
        long nanos = DELIVERY_WAIT.toNanos();
        lock.lock();
        try {
            while (delivered < number) {
                if (nanos <= 0) {
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "change " + number + " was not heard back within " + DELIVERY_WAIT.toSeconds()
                                    + " s; answering without it");
                    return;
                }
                nanos = deliveredMore.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** The feed delivered this server's change {@code number}. */
    void deliveredOwn(long number) {
        long timed = timedNumber;
        if (timed != 0 && number >= timed) {
            lag.record(System.nanoTime() - timedSince, TimeUnit.NANOSECONDS);
            timedNumber = 0;
        }
        lock.lock();
        try {
            if (number > delivered) {
                delivered = number;
                deliveredMore.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The feed heard nothing for a while and caught up: every change committed so far counts as delivered. */
    void deliveredAllCommitted() {
        deliveredOwn(committed);
    }

    /** The feed lost its connection and listens again. */
    void reconnected() {
        reconnects.increment();
        // Whatever was being timed waited for the reconnection, not for the feed.
        timedNumber = 0;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
    }
}
