package dev.parley.server.search;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.USERS;

import dev.parley.api.Message;
import dev.parley.api.SearchPage;
import dev.parley.api.SearchResult;
import dev.parley.server.db.Database;
import dev.parley.server.db.Membership;
import dev.parley.server.db.MessageRows;
import dev.parley.server.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** The search's SQL: the matches in the caller's sessions, then those messages as history shows them. */
final class SearchQueries {

    /** A match: its message's id, session and text, and the database's marked excerpt of that text. */
    private record Hit(long id, long sessionId, String sessionTitle, String text, String markedSnippet) {}

    private final Database db;
    private final TextSearch index;

    SearchQueries(Database db) {
        this.db = db;
        this.index = TextSearch.of(db.reads().dialect());
    }

    /**
     * One page of the messages matching {@code query} in the sessions {@code userId} is a member of
     * now, newest first. A page stops before its texts and snippets pass
     * {@link MessageRows#MAX_PAGE_TEXT}, as a page of history does, and then has a next cursor too.
     */
    SearchPage page(long userId, SearchQuery query, SearchWindow window) {
        DSLContext dsl = db.reads();
        window.sessionId().ifPresent(sessionId -> {
            if (!Membership.includes(dsl, sessionId, userId)) {
                throw new ApiException.NotFound("session " + sessionId + " does not exist or is not yours");
            }
        });
        List<Hit> hits = hits(dsl, userId, query, window);
        if (hits.isEmpty()) {
            return new SearchPage(List.of(), null);
        }
        // The messages as history shows them (one projection for every feature): read by id after the
        // hits, a message may have changed in between; only those whose text is still the one matched
        // are shown, so an edited or deleted text is never shown for what it no longer says.
        Map<Long, Message> messages = MessageRows.select(dsl)
                .where(MESSAGES.ID.in(hits.stream().map(Hit::id).toList()))
                .fetch(Records.mapping(Message::new))
                .stream()
                .collect(Collectors.toMap(Message::id, Function.identity()));
        List<SearchResult> results = new ArrayList<>();
        boolean more = hits.size() > window.limit();
        long lastId = 0;
        int size = 0;
        for (Hit hit : hits.subList(0, Math.min(hits.size(), window.limit()))) {
            Message message = messages.get(hit.id());
            // hit.text() first: a message deleted in between has no text at all.
            if (message == null || !hit.text().equals(message.text())) {
                lastId = hit.id();
                continue;
            }
            Snippet snippet = Snippet.of(hit.markedSnippet(), message.text());
            int cost = message.text().length() + snippet.text().length();
            if (!results.isEmpty() && size + cost > MessageRows.MAX_PAGE_TEXT) {
                more = true;
                break;
            }
            results.add(new SearchResult(
                    message, hit.sessionId(), hit.sessionTitle(), snippet.text(), snippet.highlights()));
            size += cost;
            lastId = hit.id();
        }
        return new SearchPage(List.copyOf(results), more ? new SearchCursor(lastId).encode() : null);
    }

    /** Up to one more match than the page holds, to tell whether more follow. */
    private List<Hit> hits(DSLContext dsl, long userId, SearchQuery query, SearchWindow window) {
        Condition byAuthor = query.authors().isEmpty()
                ? DSL.noCondition()
                : MESSAGES.USER_ID.in(DSL.select(USERS.ID).from(USERS).where(USERS.EMAIL_KEY.in(query.authors())));
        return dsl.select(
                        index.id(), MESSAGES.SESSION_ID, CHAT_SESSIONS.TITLE, MESSAGES.TEXT, index.markedSnippet(query))
                .from(index.messages())
                .join(CHAT_SESSIONS)
                .on(CHAT_SESSIONS.ID.eq(MESSAGES.SESSION_ID))
                .where(index.matches(query))
                .and(index.visibleTo(userId))
                .and(window.sessionId().map(MESSAGES.SESSION_ID::eq).orElse(DSL.noCondition()))
                .and(window.below()
                        .map(cursor -> index.id().lt(cursor.lastId()))
                        .orElse(DSL.noCondition()))
                .and(byAuthor)
                .orderBy(index.id().desc())
                .limit(window.limit() + 1)
                .fetch(Records.mapping(Hit::new));
    }
}
