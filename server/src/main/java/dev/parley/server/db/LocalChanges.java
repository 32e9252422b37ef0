package dev.parley.server.db;

import dev.parley.server.changes.Change;
import org.jooq.DSLContext;

/**
 * Changes of a database only this server writes (SQLite): delivered by the writer thread right after
 * each commit, in commit order, before the work's caller is answered.
 */
final class LocalChanges extends Changes {

    @Override
    long tell(DSLContext tx, Change change) {
        return 0;
    }

    @Override
    void beforeCommit(DSLContext tx) {}

    @Override
    void committed(Change change, long number) {
        deliver(change);
    }

    @Override
    void rolledBack() {}

    @Override
    void awaitDelivered(long number) {}
}
