package dev.parley.server.db;

import dev.parley.server.changes.Change;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Changes of a database several servers may share: each transaction announces its changes with
 * {@code NOTIFY} (which PostgreSQL delivers only once it commits, in commit order), and every server,
 * this one included, hears them through its {@link ChangeFeed}. That feed is the one place changes
 * are delivered from, so nothing is delivered twice; whoever made a change waits until this server's
 * feed has delivered it, so they read their own writes back from this server's in-memory views. The
 * feed reads back the messages other servers posted; this server's own it delivers as they were told
 * here, when their notification comes, in its place in commit order.
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

    /**
     * Each writer waiting for its own change, by the change's number. The feed wakes only those its
     * delivery reached: one condition that every delivery signals would wake every waiting writer each
     * time, and under load tens of them wait.
     */
    private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiting = new ConcurrentSkipListMap<>();
    /**
     * This server's new messages told and not yet delivered, by their change's number. The writer puts
     * each when it tells it and removes those of a transaction that rolled back; the feed takes each
     * when it hears it, and after a lost connection (whose catch-up read them all) drops those committed.
     */
    private final ConcurrentSkipListMap<Long, SessionChange.MessagePosted> toldPosts = new ConcurrentSkipListMap<>();
    /** The highest of this server's changes the feed has delivered; only the feed's thread writes it. */
    private volatile long delivered;

    private volatile ChangeFeed feed;

    private final Timer lag;
    private final Counter reconnects;
    private final Counter messagesRead;
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
        this.messagesRead = meters.counter(
                "parley.change.feed.messages.read",
                "PostgreSQL: messages the change feed read from the database to deliver them: those other "
                        + "servers posted, edited or deleted (this server's own posts are delivered as told), "
                        + "and those a notification did not bring.");
        meters.gauge(
                "parley.change.feed.connected",
                "PostgreSQL: 1 while the change feed listens, 0 while it " + "reconnects.",
                () -> feed != null && feed.isListening() ? 1 : 0);
    }

    /**
     * Starts hearing the changes of every server, on connections {@code connector} makes and
     * {@code dslOf} wraps for reading; the database must be migrated.
     */
    void listen(SerialWriter.Connector connector, Function<Connection, DSLContext> dslOf) {
        feed = ChangeFeed.start(connector, dslOf, this);
    }

    String origin() {
        return origin;
    }

    @Override
    long tell(DSLContext tx, Change change) {
        told++;
        pending.add(ChangeNotice.of(origin, told, change).json());
        if (change instanceof SessionChange.MessagePosted posted) {
            toldPosts.put(told, posted);
        }
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
        notifyStatement(tx)
                .set("channel", CHANNEL)
                .set("payloads", pending.toArray(String[]::new))
                .run();
        pending.clear();
    }

    /**
     * One statement for the batch, prepared once per writer connection. PostgreSQL queues the
     * notifications in call order, which ORDER BY fixes here (volatile functions run after the sort).
     */
    private static KeptStatement notifyStatement(DSLContext tx) {
        return KeptStatement.perConnection(
                tx,
                PostgresChanges.class,
                () -> KeptStatement.of(
                        tx,
                        "announce the changes",
                        tx.resultQuery(
                                "SELECT pg_notify({0}, payload) FROM unnest({1}) WITH ORDINALITY AS p(payload, i) ORDER BY i",
                                DSL.param("channel", SQLDataType.VARCHAR),
                                DSL.param("payloads", SQLDataType.VARCHAR.array()))));
    }

    @Override
    void committed(Change change, long number) {
        committed = number;
    }

    @Override
    void rolledBack() {
        pending.clear();
        // What was told since the last commit is never heard back (unless a commit that failed went
        // through after all, and then the feed reads those posts): none of it is kept or timed.
        toldPosts.tailMap(committed, false).clear();
        timedNumber = 0;
    }

    @Override
    void awaitDelivered(long number) {
        if (delivered >= number) {
            return;
        }
        CompletableFuture<Void> heard = new CompletableFuture<>();
        waiting.put(number, heard);
        try {
            // Registered first, then read: the feed writes delivered first, then reads the waiting, so
            // one of the two sees the other and no writer sleeps through its own delivery.
            if (delivered < number) {
                heard.get(DELIVERY_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "change " + number + " was not heard back within " + DELIVERY_WAIT.toSeconds()
                            + " s; answering without it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("never completed exceptionally", e);
        } finally {
            waiting.remove(number);
        }
    }

    /**
     * This server's new message whose change is {@code number}, as its writer told it; empty when the
     * change was no new message of this server's, or its transaction is not known to have committed.
     * Taken: asked once per change.
     */
    Optional<SessionChange.MessagePosted> takeToldPost(long number) {
        return Optional.ofNullable(toldPosts.remove(number));
    }

    /** The feed read {@code count} messages from the database. */
    void readBack(int count) {
        messagesRead.increment(count);
    }

    /** The feed delivered this server's change {@code number}. */
    void deliveredOwn(long number) {
        long timed = timedNumber;
        if (timed != 0 && number >= timed) {
            lag.record(System.nanoTime() - timedSince, TimeUnit.NANOSECONDS);
            timedNumber = 0;
        }
        if (number > delivered) {
            delivered = number;
        }
        ConcurrentNavigableMap<Long, CompletableFuture<Void>> reached = waiting.headMap(delivered, true);
        reached.values().forEach(heard -> heard.complete(null));
        reached.clear();
    }

    /** The feed heard nothing for a while and caught up: every change committed so far counts as delivered. */
    void deliveredAllCommitted() {
        long all = committed;
        toldPosts.headMap(all, true).clear();
        deliveredOwn(all);
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
