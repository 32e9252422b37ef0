package dev.parley.server.search;

import static dev.parley.schema.Tables.MESSAGES;

import dev.parley.server.db.Membership;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * PostgreSQL: the generated column {@code messages.text_search} ({@code to_tsvector('simple', text)})
 * and its GIN index. Each term becomes {@code phraseto_tsquery('simple', term)}, all joined with
 * {@code &&}: a term's words must follow each other, as in an FTS5 string, and phraseto_tsquery reads
 * no operators in its text.
 */
final class PostgresSearch implements TextSearch {

    private static final Field<Object> TEXT_SEARCH =
            DSL.field(DSL.name(MESSAGES.getName(), "text_search"), SQLDataType.OTHER);

    /**
     * ts_headline's options: the same marks and length as FTS5's snippet, and short words kept at
     * the edges (its default drops words of up to three letters there).
     */
    private static final String HEADLINE_OPTIONS = "StartSel=" + Snippet.START + ", StopSel=" + Snippet.END
            + ", MaxWords=" + SNIPPET_WORDS + ", MinWords=" + SNIPPET_WORDS / 2 + ", ShortWord=0";

    @Override
    public Table<?> messages() {
        return MESSAGES;
    }

    @Override
    public Field<Long> id() {
        return MESSAGES.ID;
    }

    @Override
    public Condition matches(SearchQuery query) {
        return DSL.condition("{0} @@ {1}", TEXT_SEARCH, tsquery(query));
    }

    @Override
    public Condition visibleTo(long userId) {
        return Membership.includesRowByRow(MESSAGES.SESSION_ID, userId);
    }

    @Override
    public Field<String> markedSnippet(SearchQuery query) {
        return DSL.field(
                "ts_headline('simple'::regconfig, {0}, {1}, {2})",
                String.class, MESSAGES.TEXT, tsquery(query), DSL.val(HEADLINE_OPTIONS));
    }

    private static Field<Object> tsquery(SearchQuery query) {
        return query.terms().stream()
                .map(term -> DSL.field("phraseto_tsquery('simple'::regconfig, {0})", SQLDataType.OTHER, DSL.val(term)))
                .reduce((all, next) -> DSL.field("({0} && {1})", SQLDataType.OTHER, all, next))
                .orElseThrow();
    }
}
