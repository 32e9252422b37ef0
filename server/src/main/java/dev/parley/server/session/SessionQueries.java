package dev.parley.server.session;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Session;
import dev.parley.api.SessionPage;
import dev.parley.schema.tables.SessionMembers;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * SQL on {@code chat_sessions}, always as one member sees them: a session is found only through the
 * caller's own membership row, which also carries their read marker.
 */
final class SessionQueries {

    private static final SessionMembers EVERYONE = SESSION_MEMBERS.as("everyone");
    private static final Field<Integer> MEMBER_COUNT = DSL.field(
                    DSL.selectCount().from(EVERYONE).where(EVERYONE.SESSION_ID.eq(CHAT_SESSIONS.ID)))
            .as("member_count");
    /** Both counts are kept up to date by writes, so the unread count costs no count query. */
    private static final Field<Long> UNREAD_COUNT =
            CHAT_SESSIONS.MESSAGE_COUNT.minus(SESSION_MEMBERS.READ_COUNT).as("unread_count");

    private final Database db;

    SessionQueries(Database db) {
        this.db = db;
    }

    /** Creates a session with its creator as owner and only member. */
    Session insert(long userId, Title title, Instant now) {
        return db.writer().write(tx -> {
            long id = tx.insertInto(CHAT_SESSIONS)
                    .set(CHAT_SESSIONS.USER_ID, userId)
                    .set(CHAT_SESSIONS.TITLE, title.value())
                    .set(CHAT_SESSIONS.CREATED_AT, now)
                    .set(CHAT_SESSIONS.LAST_ACTIVITY_AT, now)
                    .returningResult(CHAT_SESSIONS.ID)
                    .fetchSingle()
                    .value1();
            tx.insertInto(SESSION_MEMBERS)
                    .set(SESSION_MEMBERS.SESSION_ID, id)
                    .set(SESSION_MEMBERS.USER_ID, userId)
                    .set(SESSION_MEMBERS.JOINED_AT, now)
                    .execute();
            return new Session(id, title.value(), userId, now, null, 1, null, 0);
        });
    }

    /** The caller's sessions, most recent activity first, {@code limit} at a time from {@code after}. */
    SessionPage page(long userId, int limit, Optional<SessionCursor> after) {
        Condition below = after.map(c -> DSL.row(CHAT_SESSIONS.LAST_ACTIVITY_AT, CHAT_SESSIONS.ID)
                        .lt(c.lastActivityAt(), c.id()))
                .orElse(DSL.noCondition());
        var rows = db.reads()
                .select(columns())
                .select(CHAT_SESSIONS.LAST_ACTIVITY_AT)
                .from(viewedBy(userId))
                .where(below)
                .orderBy(CHAT_SESSIONS.LAST_ACTIVITY_AT.desc(), CHAT_SESSIONS.ID.desc())
                .limit(limit + 1)
                .fetch();
        List<Session> sessions =
                rows.stream().limit(limit).map(SessionQueries::toSession).toList();
        String next = null;
        if (rows.size() > limit) {
            Record last = rows.get(limit - 1);
            next = new SessionCursor(last.get(CHAT_SESSIONS.LAST_ACTIVITY_AT), last.get(CHAT_SESSIONS.ID)).encode();
        }
        return new SessionPage(sessions, next);
    }

    Optional<Session> find(long userId, long id) {
        return find(db.reads(), userId, id);
    }

    /** Renames the session; its owner only. Its members' event streams are told. */
    Session rename(long userId, long id, Title title) {
        return db.writer()
                .writeAndTell(
                        tx -> {
                            SessionRoles.requireOwner(tx, id, userId, "rename it");
                            tx.update(CHAT_SESSIONS)
                                    .set(CHAT_SESSIONS.TITLE, title.value())
                                    .where(CHAT_SESSIONS.ID.eq(id))
                                    .execute();
                            return find(tx, userId, id).orElseThrow();
                        },
                        renamed -> Optional.of(new SessionChange.SessionRenamed(id, renamed.title())));
    }

    /** Deletes the session; its owner only. Messages and memberships go with it (ON DELETE CASCADE). */
    void delete(long userId, long id) {
        db.writer()
                .writeAndTell(
                        tx -> {
                            SessionRoles.requireOwner(tx, id, userId, "delete it");
                            return tx.deleteFrom(CHAT_SESSIONS)
                                    .where(CHAT_SESSIONS.ID.eq(id))
                                    .execute();
                        },
                        deleted -> Optional.of(new SessionChange.SessionDeleted(id)));
    }

    static ApiException.NotFound notFound(long id) {
        return new ApiException.NotFound("session " + id + " does not exist or is not yours");
    }

    private static Optional<Session> find(DSLContext dsl, long userId, long id) {
        return dsl.select(columns())
                .from(viewedBy(userId))
                .where(CHAT_SESSIONS.ID.eq(id))
                .fetchOptional(SessionQueries::toSession);
    }

    /** Sessions joined with the viewer's own membership: no row for a session they are not in. */
    private static Table<?> viewedBy(long userId) {
        return CHAT_SESSIONS
                .join(SESSION_MEMBERS)
                .on(SESSION_MEMBERS.SESSION_ID.eq(CHAT_SESSIONS.ID))
                .and(SESSION_MEMBERS.USER_ID.eq(userId));
    }

    private static Session toSession(Record r) {
        return new Session(
                r.get(CHAT_SESSIONS.ID),
                r.get(CHAT_SESSIONS.TITLE),
                r.get(CHAT_SESSIONS.USER_ID),
                r.get(CHAT_SESSIONS.CREATED_AT),
                r.get(CHAT_SESSIONS.LAST_MESSAGE_AT),
                r.get(MEMBER_COUNT),
                r.get(SESSION_MEMBERS.LAST_READ_ID),
                r.get(UNREAD_COUNT));
    }

    private static SelectField<?>[] columns() {
        return new SelectField<?>[] {
            CHAT_SESSIONS.ID,
            CHAT_SESSIONS.TITLE,
            CHAT_SESSIONS.USER_ID,
            CHAT_SESSIONS.CREATED_AT,
            CHAT_SESSIONS.LAST_MESSAGE_AT,
            MEMBER_COUNT,
            SESSION_MEMBERS.LAST_READ_ID,
            UNREAD_COUNT
        };
    }
}
