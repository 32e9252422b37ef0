package dev.parley.server.search;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;

/**
 * What differs between the databases' full-text indexes (the V6 migrations in db/vendor): where the
 * index is, how a {@link SearchQuery} matches it, and how a matching text is excerpted. Every term
 * reaches the database as a bind value; the little syntax around it is ours.
 */
sealed interface TextSearch permits Fts5Search, PostgresSearch {

    /** How many words a snippet shows at most, on either database. */
    int SNIPPET_WORDS = 24;

    static TextSearch of(SQLDialect dialect) {
        return dialect.family() == SQLDialect.POSTGRES ? new PostgresSearch() : new Fts5Search();
    }

    /** {@code messages}, with what the index needs joined to it. */
    Table<?> messages();

    /** The message id, as the index orders it best. */
    Field<Long> id();

    /** True for the messages whose text has every term of {@code query}. */
    Condition matches(SearchQuery query);

    /** True for the messages of the sessions {@code userId} is a member of now. */
    Condition visibleTo(long userId);

    /**
     * An excerpt of the text around the words that matched {@code query}, each marked with
     * {@link Snippet#START} and {@link Snippet#END}.
     */
    Field<String> markedSnippet(SearchQuery query);
}
