package dev.parley.server.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * What adds the messages a writer's transaction created to the full-text index, in that transaction,
 * just before its commit ({@link MessageIds#end}).
 */
@FunctionalInterface
interface NewMessagesIndex {

    /** PostgreSQL's index follows a generated column ({@code text_search}, V6): nothing to add. */
    NewMessagesIndex NONE = (tx, after, upTo) -> {};

    /** Indexes the messages whose ids are above {@code after} and at most {@code upTo}. */
    void add(DSLContext tx, long after, long upTo);

    static NewMessagesIndex of(SQLDialect dialect) {
        return dialect.family() == SQLDialect.POSTGRES ? NONE : new Fts5NewMessages();
    }
}
