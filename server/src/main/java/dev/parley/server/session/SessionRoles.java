package dev.parley.server.session;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Member;
import dev.parley.server.http.ApiException;
import org.jooq.DSLContext;

/**
 * Who may do what to a session: a non-member may do nothing and learns nothing (404), a member who
 * is not the owner may read, post and leave (403 for the rest).
 */
final class SessionRoles {

    private SessionRoles() {}

    /** The caller's role in the session; 404 when they are not in it (or it does not exist). */
    static Member.Role roleOf(DSLContext dsl, long sessionId, long userId) {
        Long ownerId = dsl.select(CHAT_SESSIONS.USER_ID)
                .from(CHAT_SESSIONS)
                .join(SESSION_MEMBERS)
                .on(SESSION_MEMBERS.SESSION_ID.eq(CHAT_SESSIONS.ID))
                .where(CHAT_SESSIONS.ID.eq(sessionId))
                .and(SESSION_MEMBERS.USER_ID.eq(userId))
                .fetchOne(CHAT_SESSIONS.USER_ID);
        if (ownerId == null) {
            throw SessionQueries.notFound(sessionId);
        }
        return ownerId == userId ? Member.Role.OWNER : Member.Role.MEMBER;
    }

    /** 404 for a non-member, 403 for a member who is not the owner; {@code action} says what was refused. */
    static void requireOwner(DSLContext dsl, long sessionId, long userId, String action) {
        if (roleOf(dsl, sessionId, userId) != Member.Role.OWNER) {
            throw new ApiException.Forbidden("only the session's owner may " + action);
        }
    }
}
