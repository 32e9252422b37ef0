package dev.parley.server.db;

import dev.parley.server.changes.Change;
import dev.parley.server.metrics.Meters;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;

/**
 * Runs every write on one thread and one connection, committing whatever work arrived meanwhile in a
 * single transaction (group commit). SQLite allows one writer at a time: a pool of writers meets
 * SQLITE_BUSY under load, and one commit per request is bounded by the disk's fsync rate. A failing
 * request rolls back alone, and its caller is answered only after the commit that makes its work
 * durable.
 *
 * <p>A batch first runs without savepoints: on PostgreSQL each savepoint and its release is a round
 * trip, and together they cost a post more than its own statement. Only when one of its units of
 * work fails is the whole transaction rolled back and the batch run again, each unit in a savepoint
 * of its own, so that the failure rolls back alone. A unit of work may therefore run twice, and must
 * change nothing but the database; a batch runs at most twice, whatever fails in it. In that first
 * run, statements whose outcome is known in advance (a post's, on PostgreSQL) are held back and sent
 * together, one round trip for the batch's posts instead of one each ({@link StatementPipeline}).
 *
 * <p>Every transaction begins by reading the message id counter, and the work takes its ids from
 * {@link #messageIds()}: one read and one update of the counter per batch (see {@link MessageIds};
 * the ordering rules this writer carries out are docs/architecture.md, rules 1 to 3).
 */
public final class SerialWriter implements AutoCloseable {

    /** Bounds one transaction, so a flood of writes still commits (and answers) in steady steps. */
    private static final int MAX_BATCH = 512;

    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, MAX_BATCH};
    private static final List<Duration> COMMIT_BUCKETS =
            Meters.seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5);
    private static final System.Logger LOG = System.getLogger(SerialWriter.class.getName());

    /** Opens the writer's connection, auto-commit off; called again when a connection was lost. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Function<Connection, DSLContext> dslOf;
    private final MessageIds messageIds;
    private final Changes changes;
    private final BlockingQueue<UnitOfWork<?>> queue = new LinkedBlockingQueue<>();
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private final Counter reruns;
    private final Thread thread;
    private final Object closeLock = new Object();
    private volatile boolean closing;
    // Used by the writer thread only (and by close() once that thread has ended); null while lost.
    private Connection connection;
    private DSLContext dsl;

    /**
     * Connects at once (so a database that cannot be reached fails the start) and starts the writer
     * thread. {@code dslOf} wraps a connection for the work; {@code messageIds} reads the counter first
     * in every transaction, and when that fails the whole batch fails. {@code changes} hears of what
     * each transaction changed. {@code meters} get the queue's length, each batch's size and how long
     * its transaction took.
     */
    SerialWriter(
            Connector connector,
            Function<Connection, DSLContext> dslOf,
            MessageIds messageIds,
            Changes changes,
            Meters meters)
            throws SQLException {
        this.connector = connector;
        this.dslOf = dslOf;
        this.messageIds = messageIds;
        this.changes = changes;
        meters.gauge("parley.writer.queue.length", "Writes waiting for the writer's next transaction.", queue::size);
        this.batchSizes = meters.histogram(
                "parley.writer.batch.size",
                "Writes committed together in one transaction " + "(group commit).",
                BATCH_BUCKETS);
        this.commits = meters.timer(
                "parley.writer.commit.duration",
                "How long the writer's transactions took, from "
                        + "their first statement to their commit (fsync included).",
                COMMIT_BUCKETS);
        this.reruns = meters.counter(
                "parley.writer.reruns",
                "Transactions rolled back because one of their writes failed, "
                        + "and run again with a savepoint for each write.");
        this.connection = connector.connect();
        this.dsl = withPipeline(dslOf.apply(connection));
        this.thread = Thread.ofPlatform().name("parley-writer").daemon(false).start(this::run);
    }

    /**
     * Runs {@code work} in the writer's transaction and returns its result once committed. An exception
     * thrown by the work rolls back that work only and is rethrown here. The work may run twice (when
     * another in its transaction failed): it must change nothing but the database, and only its last
     * run counts.
     */
    public <T> T write(Function<DSLContext, T> work) {
        return write(work, result -> {});
    }

    /**
     * As {@link #write(Function)}, and once the work is committed, runs {@code afterCommit} with its
     * result on the writer thread, in commit order, on this server only (an event stream subscribes
     * so, right after the commit that checked its access). What other servers must hear of too is a
     * {@link Change}: see {@link #writeAndTell}. It must be quick.
     */
    public <T> T write(Function<DSLContext, T> work, Consumer<? super T> afterCommit) {
        return submit(new UnitOfWork<>(work, afterCommit, result -> Optional.empty()));
    }

    /**
     * As {@link #write(Function)}, and tells the {@link Changes} the change {@code changeOf} finds in
     * the work's result, if any, as part of its transaction: every server hears of it once it is
     * committed. Returns once this server has delivered it too, so the caller reads its own write back
     * from every in-memory view.
     */
    public <T> T writeAndTell(Function<DSLContext, T> work, Function<? super T, Optional<? extends Change>> changeOf) {
        UnitOfWork<T> item = new UnitOfWork<>(work, result -> {}, changeOf);
        T result = submit(item);
        if (item.number() > 0) {
            changes.awaitDelivered(item.number());
        }
        return result;
    }

    private <T> T submit(UnitOfWork<T> item) {
        // Checked and queued together: close() cannot slip in between and leave this work unanswered.
        synchronized (closeLock) {
            if (closing) {
                throw new IllegalStateException("the database is closing");
            }
            queue.add(item);
        }
        return item.outcome();
    }

    /** Where the work running in this writer's transaction takes message ids from (writer thread only). */
    public MessageIds messageIds() {
        return messageIds;
    }

    /** Commits what is queued, then stops the writer thread and closes its connection. */
    @Override
    public void close() {
        synchronized (closeLock) {
            closing = true;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    private void run() {
        List<UnitOfWork<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closing || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // close() wakes us up; drain what is left before leaving.
            }
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (!batch.isEmpty()) {
                commit(batch);
                batch.clear();
            }
        }
    }

    private void commit(List<UnitOfWork<?>> batch) {
        if (connection == null && !reconnect(batch)) {
            return;
        }
        batchSizes.record(batch.size());
        if (transact(batch, false)) {
            return;
        }
        // A lone unit of work that failed was the whole transaction: its failure is its answer.
        if (batch.size() == 1) {
            batch.getFirst().complete();
            return;
        }
        reruns.increment();
        batch.forEach(UnitOfWork::forget);
        if (connection == null && !reconnect(batch)) {
            return;
        }
        transact(batch, true);
    }

    /**
     * Runs the batch in one transaction and commits it, each unit of work in a savepoint of its own
     * when {@code inSavepoints}. Returns false, having rolled back and answered no one, when a unit
     * of work failed outside a savepoint; otherwise every unit of work is answered.
     */
    private boolean transact(List<UnitOfWork<?>> batch, boolean inSavepoints) {
        long start = System.nanoTime();
        try {
            messageIds.begin(dsl);
        } catch (RuntimeException e) {
            messageIds.abandon();
            rollbackQuietly();
            batch.forEach(
                    work -> work.fail(new IllegalStateException("cannot begin a transaction: " + e.getMessage(), e)));
            dropIfLost();
            return true;
        }
        StatementPipeline pipeline = StatementPipeline.of(dsl);
        // A lone unit of work gains nothing from it, and its failure must be its own (see commit).
        if (!inSavepoints && batch.size() > 1) {
            pipeline.open();
        }
        for (UnitOfWork<?> work : batch) {
            work.run(dsl, connection, changes, messageIds, inSavepoints);
            if (work.failed() && !inSavepoints) {
                pipeline.discard();
                rollBack();
                return false;
            }
        }
        if (!pipeline.close()) {
            rollBack();
            return false;
        }
        try {
            messageIds.end(dsl);
            changes.beforeCommit(dsl);
            connection.commit();
            // Before anyone is answered, so that whoever reads the metrics next sees this commit.
            commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batch.forEach(work -> work.publish(changes));
            batch.forEach(UnitOfWork::complete);
        } catch (SQLException | RuntimeException e) {
            rollBack();
            batch.forEach(work -> work.fail(new IllegalStateException("commit failed: " + e.getMessage(), e)));
        }
        return true;
    }

    /** Nothing of the transaction stays, nor what it told; a lost connection is let go. */
    private void rollBack() {
        messageIds.abandon();
        rollbackQuietly();
        changes.rolledBack();
        dropIfLost();
    }

    /**
     * The connection's {@link StatementPipeline}, and a listener that sends what it holds before any
     * jOOQ query runs, so that the query sees what the statements before it changed.
     */
    private static DSLContext withPipeline(DSLContext dsl) {
        StatementPipeline pipeline = new StatementPipeline();
        DSLContext piped = dsl.configuration()
                .derive(ExecuteListener.onStart(query -> pipeline.flush()))
                .dsl();
        piped.data(StatementPipeline.class, pipeline);
        return piped;
    }

    /**
     * A database server restarts, or a network drops the connection: that batch fails, and the next one
     * runs on a new connection instead of every later write failing until Parley is restarted. (Lost
     * during the commit itself, a batch may have been committed all the same, unseen by the after-commit
     * steps; a cut connection between statements, the usual case, commits nothing.)
     */
    private void dropIfLost() {
        if (isValid()) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "the writer's database connection was lost; reconnecting");
        closeConnection();
    }

    /** Opens a new connection, or fails the whole batch when the database still cannot be reached. */
    private boolean reconnect(List<UnitOfWork<?>> batch) {
        try {
            connection = connector.connect();
            dsl = withPipeline(dslOf.apply(connection));
            return true;
        } catch (SQLException | RuntimeException e) {
            batch.forEach(
                    work -> work.fail(new IllegalStateException("cannot reach the database: " + e.getMessage(), e)));
            return false;
        }
    }

    private boolean isValid() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing is left uncommitted here; a failing close loses nothing.
        }
        connection = null;
        dsl = null;
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The commit already failed and every caller is told so.
        }
    }
}
