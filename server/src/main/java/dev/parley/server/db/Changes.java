package dev.parley.server.db;

import dev.parley.server.changes.Change;
import java.util.function.Consumer;
import org.jooq.DSLContext;

/**
 * Where the writer tells each committed {@link Change}, and where the server hears of them: in
 * commit order, once per change, on this server and (on PostgreSQL) on every other server sharing
 * the database. The writer calls the package-private steps on its thread, around each commit.
 */
public abstract sealed class Changes implements AutoCloseable permits LocalChanges, PostgresChanges {

    private volatile Consumer<Change> listener = change -> {};

    /** Sets who hears of every committed change; called once, before the server takes requests. */
    public void deliverTo(Consumer<Change> listener) {
        this.listener = listener;
    }

    /** Hands a committed change to the listener; a failure there is logged, the change stands. */
    final void deliver(Change change) {
        try {
            listener.accept(change);
        } catch (RuntimeException e) {
            System.getLogger(Changes.class.getName()).log(System.Logger.Level.ERROR, "a change listener failed", e);
        }
    }

    /** Before the commit: numbers {@code change}, which its work made in the transaction {@code tx}. */
    abstract long tell(DSLContext tx, Change change);

    /** Before the commit, after every {@link #tell}: sends what the transaction will announce. */
    abstract void beforeCommit(DSLContext tx);

    /** After the commit, in commit order: the told change {@code number} is committed. */
    abstract void committed(Change change, long number);

    /** The transaction did not commit: what was told in it is forgotten. */
    abstract void rolledBack();

    /**
     * Waits, on the caller's thread, until this server's listener has heard of change {@code number}:
     * whoever made a change then reads it back from this server's in-memory views too.
     */
    abstract void awaitDelivered(long number);

    @Override
    public void close() {}
}
