package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGE_IDS;

import org.jooq.DSLContext;

/**
 * Message ids in commit order: each is taken from the one-row counter {@code message_ids} inside the
 * transaction that stores the message. The counter's row lock is held until that transaction ends, so
 * on PostgreSQL a second writer (another Parley server) wanting an id waits for the first to commit:
 * ids become visible strictly in ascending order, and "every message after id N" never skips one.
 * On SQLite, with its single writer, the same holds trivially.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** The next message id; call it inside the transaction that inserts the message. */
    public static long next(DSLContext tx) {
        return tx.update(MESSAGE_IDS)
                .set(MESSAGE_IDS.LAST_ID, MESSAGE_IDS.LAST_ID.plus(1))
                .returningResult(MESSAGE_IDS.LAST_ID)
                .fetchSingle()
                .value1();
    }

    /**
     * Takes the counter's lock without moving it. The PostgreSQL writer does so first in every
     * transaction: writers of several servers then take turns whole, and two batches that would lock
     * the same rows in opposite orders (a post and a read marker of the same member) cannot deadlock.
     */
    static void lock(DSLContext tx) {
        tx.select(MESSAGE_IDS.LAST_ID)
                .from(MESSAGE_IDS)
                .forUpdate()
                .fetch();
    }
}
