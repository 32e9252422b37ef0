package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGE_IDS;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Message ids, and the seqs of edits and deletions, in commit order, handed out by the writer from
 * the one-row counter {@code message_ids}: read once at the start of each transaction (on PostgreSQL
 * with its row locked until the commit), handed out from memory, and the highest stored once just
 * before the commit. Why that makes them visible in ascending order, and keeps several servers'
 * writers from deadlocking: docs/architecture.md, rule 2.
 *
 * <p>Used by the writer thread only. A unit of work that fails gives back the ids it took (see
 * {@link #mark} and {@link #undo}), so a rolled-back post leaves no hole.
 */
public final class MessageIds {

    /** The counter's two statements, prepared once per connection and kept (in its DSLContext's data). */
    private record Statements(KeptStatement read, KeptStatement store) {}

    private final boolean lockRow;
    private final NewMessagesIndex index;
    private boolean open;
    private long stored;
    private long last;
    private long marked;

    /**
     * {@code lockRow}: take the counter's row lock (PostgreSQL, several writers) when reading it;
     * {@code index} is given the messages each transaction created.
     */
    MessageIds(boolean lockRow, NewMessagesIndex index) {
        this.lockRow = lockRow;
        this.index = index;
    }

    static MessageIds of(SQLDialect dialect) {
        return new MessageIds(dialect.family() == SQLDialect.POSTGRES, NewMessagesIndex.of(dialect));
    }

    /**
     * The next value of the counter: a new message's id (and seq), or the seq of an edit or deletion;
     * call it inside the writer's transaction that stores it.
     */
    public long next() {
        if (!open) {
            throw new IllegalStateException("message ids are handed out inside the writer's transaction only");
        }
        return ++last;
    }

    /** First in every transaction: reads the counter (on PostgreSQL, locking it until the commit). */
    void begin(DSLContext tx) {
        stored = statements(tx).read().fetchLong();
        last = stored;
        open = true;
    }

    /** Before a unit of work: what {@link #undo} returns to. */
    void mark() {
        marked = last;
    }

    /** The unit of work since {@link #mark} was rolled back: its ids are handed out again. */
    void undo() {
        last = marked;
    }

    /**
     * Last before the commit: indexes the messages the transaction created (their ids are the ones
     * handed out since {@link #begin}; the seqs of edits are never a message's id), then stores the
     * highest id handed out, if any was.
     */
    void end(DSLContext tx) {
        if (last != stored) {
            index.add(tx, stored, last);
            statements(tx).store().set("last_id", last).execute();
            stored = last;
        }
        open = false;
    }

    private Statements statements(DSLContext tx) {
        return KeptStatement.perConnection(tx, MessageIds.class, () -> {
            var read = tx.select(MESSAGE_IDS.LAST_ID).from(MESSAGE_IDS);
            return new Statements(
                    KeptStatement.of(tx, "read the message id counter", lockRow ? read.forUpdate() : read),
                    KeptStatement.of(
                            tx,
                            "store the message id counter",
                            tx.update(MESSAGE_IDS)
                                    .set(MESSAGE_IDS.LAST_ID, DSL.param("last_id", MESSAGE_IDS.LAST_ID))));
        });
    }

    /** The transaction did not commit: nothing it took was stored. */
    void abandon() {
        open = false;
    }
}
