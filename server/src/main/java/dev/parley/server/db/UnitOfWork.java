package dev.parley.server.db;

import dev.parley.server.changes.Change;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * One caller's write, queued for the {@link SerialWriter}: its body, what runs once it is committed,
 * and the change it tells. The writer thread runs it (perhaps twice, see {@link #forget}) and settles
 * it; the caller waits for that outcome in {@link #outcome}.
 */
final class UnitOfWork<T> {

    // Logged under the writer's name: a failing after-commit step is the writer's to report.
    private static final System.Logger LOG = System.getLogger(SerialWriter.class.getName());

    private final Function<DSLContext, T> body;
    private final Consumer<? super T> afterCommit;
    private final Function<? super T, Optional<? extends Change>> changeOf;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private T value;
    private RuntimeException failure;
    private Change change;
    /** The change's number as {@link Changes#tell} gave it; read by the caller after completion. */
    private volatile long number;

    UnitOfWork(
            Function<DSLContext, T> body,
            Consumer<? super T> afterCommit,
            Function<? super T, Optional<? extends Change>> changeOf) {
        this.body = body;
        this.afterCommit = afterCommit;
        this.changeOf = changeOf;
    }

    /**
     * Waits for the outcome and returns the committed result, or throws the failure. Once queued,
     * the work will be committed (or fail) whatever the caller does: an interrupt (a stopping
     * webserver's) must not turn a stored write into an error answer, so the caller waits on and keeps
     * the interrupt for later.
     */
    T outcome() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The number {@link Changes#tell} gave the work's change, or 0 when it told none. */
    long number() {
        return number;
    }

    /**
     * Runs the work, in a savepoint of its own when {@code inSavepoint} (so a failure rolls back
     * this work alone); without one, a failure leaves the rollback to the caller.
     */
    void run(DSLContext dsl, Connection connection, Changes changes, MessageIds messageIds, boolean inSavepoint) {
        Savepoint savepoint = null;
        messageIds.mark();
        try {
            if (inSavepoint) {
                savepoint = connection.setSavepoint();
            }
            value = body.apply(dsl);
            change = changeOf.apply(value).orElse(null);
            if (savepoint != null) {
                connection.releaseSavepoint(savepoint);
            }
            // Last: a change is told only once nothing of this work can be rolled back alone.
            if (change != null) {
                number = changes.tell(dsl, change);
            }
        } catch (RuntimeException | SQLException e) {
            failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            messageIds.undo();
            rollbackTo(connection, savepoint);
        }
    }

    private void rollbackTo(Connection connection, Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    boolean failed() {
        return failure != null;
    }

    /** Tells the change committed, then runs the after-commit step; a failure is logged, the work stands. */
    void publish(Changes changes) {
        if (failure != null) {
            return;
        }
        if (change != null) {
            changes.committed(change, number);
        }
        try {
            afterCommit.accept(value);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "after-commit step failed", e);
        }
    }

    void complete() {
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    void fail(RuntimeException e) {
        result.completeExceptionally(failure != null ? failure : e);
    }

    /** Its transaction was rolled back before it committed: it runs again from scratch. */
    void forget() {
        value = null;
        failure = null;
        change = null;
        number = 0;
    }
}
