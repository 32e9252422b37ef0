package dev.parley.server.search;

import static dev.parley.schema.Tables.MESSAGES;

import dev.parley.server.db.Membership;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * SQLite: the FTS5 table {@code messages_fts}, whose rowid is the message id. A query becomes an
 * FTS5 expression of quoted strings, one per term, which FTS5 ANDs: inside double quotes every
 * character is text for its tokenizer, never an operator ({@code NEAR}, {@code *}, {@code ^},
 * {@code column:}, {@code AND}/{@code OR}/{@code NOT}).
 */
final class Fts5Search implements TextSearch {

    private static final Table<?> INDEX = DSL.table(DSL.name("messages_fts"));
    private static final Field<Long> ROWID = DSL.field(DSL.name("messages_fts", "rowid"), Long.class);

    @Override
    public Table<?> messages() {
        return INDEX.join(MESSAGES).on(MESSAGES.ID.eq(ROWID));
    }

    /** The index's own rowid, so that FTS5 reads its matches newest first and stops at the limit. */
    @Override
    public Field<Long> id() {
        return ROWID;
    }

    @Override
    public Condition matches(SearchQuery query) {
        return DSL.condition("{0} MATCH {1}", INDEX, DSL.val(expression(query)));
    }

    @Override
    public Condition visibleTo(long userId) {
        return Membership.includes(MESSAGES.SESSION_ID, userId);
    }

    @Override
    public Field<String> markedSnippet(SearchQuery query) {
        // Column 0 (text); no ellipsis: Snippet adds its own, the same on both databases.
        return DSL.field(
                "snippet({0}, 0, {1}, {2}, '', {3})",
                String.class,
                INDEX,
                DSL.val(String.valueOf(Snippet.START)),
                DSL.val(String.valueOf(Snippet.END)),
                DSL.inline(SNIPPET_WORDS));
    }

    /** {@code "word" "two words"}: each term an FTS5 string, a quote in it doubled as FTS5 escapes it. */
    static String expression(SearchQuery query) {
        return query.terms().stream()
                .map(term -> '"' + term.replace("\"", "\"\"") + '"')
                .collect(Collectors.joining(" "));
    }
}
