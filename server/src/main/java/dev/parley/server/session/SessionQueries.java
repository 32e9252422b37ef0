package dev.parley.server.session;

import static dev.parley.schema.Tables.CHAT_SESSIONS;

import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/** SQL on {@code chat_sessions}; every query is scoped to what the caller may see. */
final class SessionQueries {

    private final Database db;
    private final LongConsumer afterDelete;

    /** {@code afterDelete} hears of each deleted session once the deletion is committed. */
    SessionQueries(Database db, LongConsumer afterDelete) {
        this.db = db;
        this.afterDelete = afterDelete;
    }

    Session insert(long userId, Title title, Instant now) {
        return db.writer().write(tx -> tx.insertInto(CHAT_SESSIONS)
                .set(CHAT_SESSIONS.USER_ID, userId)
                .set(CHAT_SESSIONS.TITLE, title.value())
                .set(CHAT_SESSIONS.CREATED_AT, now)
                .set(CHAT_SESSIONS.LAST_ACTIVITY_AT, now)
                .returningResult(columns())
                .fetchOne(SessionQueries::toSession));
    }

    /** The caller's sessions, most recent activity first, {@code limit} at a time from {@code after}. */
    SessionPage page(long userId, int limit, Optional<SessionCursor> after) {
        Condition below = after
                .map(c -> DSL.row(CHAT_SESSIONS.LAST_ACTIVITY_AT, CHAT_SESSIONS.ID).lt(c.lastActivityAt(), c.id()))
                .orElse(DSL.noCondition());
        var rows = db.reads()
                .select(columns())
                .select(CHAT_SESSIONS.LAST_ACTIVITY_AT)
                .from(CHAT_SESSIONS)
                .where(visibleTo(userId))
                .and(below)
                .orderBy(CHAT_SESSIONS.LAST_ACTIVITY_AT.desc(), CHAT_SESSIONS.ID.desc())
                .limit(limit + 1)
                .fetch();
        List<Session> sessions = rows.stream().limit(limit).map(SessionQueries::toSession).toList();
        String next = null;
        if (rows.size() > limit) {
            Record last = rows.get(limit - 1);
            next = new SessionCursor(last.get(CHAT_SESSIONS.LAST_ACTIVITY_AT), last.get(CHAT_SESSIONS.ID)).encode();
        }
        return new SessionPage(sessions, next);
    }

    Optional<Session> find(long userId, long id) {
        return db.reads()
                .select(columns())
                .from(CHAT_SESSIONS)
                .where(CHAT_SESSIONS.ID.eq(id))
                .and(visibleTo(userId))
                .fetchOptional(SessionQueries::toSession);
    }

    Session rename(long userId, long id, Title title) {
        return db.writer().write(tx -> {
            int updated = tx.update(CHAT_SESSIONS)
                    .set(CHAT_SESSIONS.TITLE, title.value())
                    .where(CHAT_SESSIONS.ID.eq(id))
                    .and(visibleTo(userId))
                    .execute();
            if (updated == 0) {
                throw notFound(id);
            }
            return fetch(tx, id);
        });
    }

    /** Deletes the session; its messages go with it (ON DELETE CASCADE). */
    void delete(long userId, long id) {
        db.writer().write(tx -> {
            int deleted = tx.deleteFrom(CHAT_SESSIONS)
                    .where(CHAT_SESSIONS.ID.eq(id))
                    .and(visibleTo(userId))
                    .execute();
            if (deleted == 0) {
                throw notFound(id);
            }
            return deleted;
        }, deleted -> afterDelete.accept(id));
    }

    static ApiException.NotFound notFound(long id) {
        return new ApiException.NotFound("session " + id + " does not exist or is not yours");
    }

    private static Session fetch(DSLContext tx, long id) {
        return tx.select(columns())
                .from(CHAT_SESSIONS)
                .where(CHAT_SESSIONS.ID.eq(id))
                .fetchSingle(SessionQueries::toSession);
    }

    private static Condition visibleTo(long userId) {
        return CHAT_SESSIONS.USER_ID.eq(userId);
    }

    private static Session toSession(Record r) {
        return new Session(r.get(CHAT_SESSIONS.ID), r.get(CHAT_SESSIONS.TITLE), r.get(CHAT_SESSIONS.USER_ID),
                r.get(CHAT_SESSIONS.CREATED_AT), r.get(CHAT_SESSIONS.LAST_MESSAGE_AT));
    }

    private static SelectField<?>[] columns() {
        return new SelectField<?>[] {CHAT_SESSIONS.ID, CHAT_SESSIONS.TITLE, CHAT_SESSIONS.USER_ID,
                CHAT_SESSIONS.CREATED_AT, CHAT_SESSIONS.LAST_MESSAGE_AT};
    }
}
