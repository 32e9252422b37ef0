package dev.parley.server.db;

import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;

/**
 * SQLite: adds a transaction's new messages to the FTS5 index {@code messages_fts} with one
 * {@code INSERT ... SELECT} (V8 says why not a trigger per insert). The statement is prepared once
 * per connection and kept, in its DSLContext's data.
 *
 * <p>A database without {@code messages_fts} (what {@code benchmark/run --without-search-index} makes,
 * to measure what the index costs) gets its messages stored unindexed, with a warning: search cannot
 * answer there, but posting still works.
 */
final class Fts5NewMessages implements NewMessagesIndex {

    private static final System.Logger LOG = System.getLogger(Fts5NewMessages.class.getName());

    @Override
    public void add(DSLContext tx, long after, long upTo) {
        statement(tx).ifPresent(insert -> insert.bind(1, after).bind(2, upTo).execute());
    }

    private static Optional<Query> statement(DSLContext tx) {
        return KeptStatement.perConnection(tx, Fts5NewMessages.class, () -> {
            if (tx.fetchExists(
                    tx.selectOne().from("sqlite_master").where("type = 'table' AND name = 'messages_fts'"))) {
                return Optional.of(tx.query(
                                "INSERT INTO messages_fts (rowid, text) SELECT id, text FROM messages"
                                        + " WHERE id > ? AND id <= ?",
                                0L,
                                0L)
                        .keepStatement(true));
            }
            LOG.log(
                    System.Logger.Level.WARNING,
                    "there is no messages_fts table: new messages are not indexed for search");
            return Optional.empty();
        });
    }
}
