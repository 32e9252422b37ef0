package dev.parley.server.session;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;
import static dev.parley.schema.Tables.USERS;

import dev.parley.api.Member;
import dev.parley.api.MemberList;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/** SQL on {@code session_members}: who is in a session, and how far each of them has read. */
final class MemberQueries {

    private final Database db;

    MemberQueries(Database db) {
        this.db = db;
    }

    /**
     * Adds the user with {@code email} to the session; its owner only. The new member's read marker
     * starts at the session's newest message: what was said before they came is history, not unread.
     */
    Member add(long callerId, long sessionId, String email, Instant now) {
        return db.writer()
                .writeAndTell(
                        tx -> {
                            SessionRoles.requireOwner(tx, sessionId, callerId, "add members");
                            Record2<Long, String> user = !Database.canHold(email)
                                    ? null
                                    : tx.select(USERS.ID, USERS.EMAIL)
                                            .from(USERS)
                                            // The look-up key of an address, as the account feature stores it
                                            // (EmailAddress.key).
                                            .where(USERS.EMAIL_KEY.eq(
                                                    email.strip().toLowerCase(Locale.ROOT)))
                                            .fetchOne();
                            if (user == null) {
                                throw new ApiException.NotFound("no user has the email " + email.strip());
                            }
                            long userId = user.value1();
                            if (tx.fetchExists(
                                    SESSION_MEMBERS,
                                    SESSION_MEMBERS.SESSION_ID.eq(sessionId).and(SESSION_MEMBERS.USER_ID.eq(userId)))) {
                                throw new ApiException.Conflict(user.value2() + " is already in session " + sessionId);
                            }
                            Record newest = tx.select(CHAT_SESSIONS.MESSAGE_COUNT, lastMessageId(sessionId))
                                    .from(CHAT_SESSIONS)
                                    .where(CHAT_SESSIONS.ID.eq(sessionId))
                                    .fetchSingle();
                            tx.insertInto(SESSION_MEMBERS)
                                    .set(SESSION_MEMBERS.SESSION_ID, sessionId)
                                    .set(SESSION_MEMBERS.USER_ID, userId)
                                    .set(SESSION_MEMBERS.JOINED_AT, now)
                                    .set(SESSION_MEMBERS.LAST_READ_ID, newest.get(1, Long.class))
                                    .set(SESSION_MEMBERS.READ_COUNT, newest.get(CHAT_SESSIONS.MESSAGE_COUNT))
                                    .execute();
                            return new Member(userId, user.value2(), Member.Role.MEMBER, now);
                        },
                        added -> Optional.of(new SessionChange.MemberAdded(sessionId, added.userId(), added.email())));
    }

    /** Everyone in the session, the owner first among equals by joining time; 404 for a non-member. */
    MemberList list(long callerId, long sessionId) {
        DSLContext dsl = db.reads();
        SessionRoles.roleOf(dsl, sessionId, callerId);
        return new MemberList(dsl.select(
                        SESSION_MEMBERS.USER_ID, USERS.EMAIL, CHAT_SESSIONS.USER_ID, SESSION_MEMBERS.JOINED_AT)
                .from(SESSION_MEMBERS)
                .join(USERS)
                .on(USERS.ID.eq(SESSION_MEMBERS.USER_ID))
                .join(CHAT_SESSIONS)
                .on(CHAT_SESSIONS.ID.eq(SESSION_MEMBERS.SESSION_ID))
                .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                .orderBy(SESSION_MEMBERS.JOINED_AT, SESSION_MEMBERS.USER_ID)
                .fetch(r -> new Member(
                        r.value1(),
                        r.value2(),
                        r.value1().equals(r.value3()) ? Member.Role.OWNER : Member.Role.MEMBER,
                        r.value4())));
    }

    /**
     * Removes {@code userId} from the session: the owner removes anyone but themself, a member only
     * themself (leaving). Their access ends with the commit, open event streams included.
     */
    void remove(long callerId, long sessionId, long userId) {
        db.writer()
                .<String>writeAndTell(
                        tx -> {
                            Member.Role role = SessionRoles.roleOf(tx, sessionId, callerId);
                            if (userId == callerId && role == Member.Role.OWNER) {
                                throw new ApiException.Forbidden(
                                        "the owner cannot leave their own session; delete it instead");
                            }
                            if (userId != callerId && role != Member.Role.OWNER) {
                                throw new ApiException.Forbidden("only the session's owner may remove other members");
                            }
                            // Who it was, for the streams that tell the others.
                            String email = tx.select(USERS.EMAIL)
                                    .from(SESSION_MEMBERS)
                                    .join(USERS)
                                    .on(USERS.ID.eq(SESSION_MEMBERS.USER_ID))
                                    .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                                    .and(SESSION_MEMBERS.USER_ID.eq(userId))
                                    .fetchOne(USERS.EMAIL);
                            if (email == null) {
                                throw new ApiException.NotFound("user " + userId + " is not in session " + sessionId);
                            }
                            tx.deleteFrom(SESSION_MEMBERS)
                                    .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                                    .and(SESSION_MEMBERS.USER_ID.eq(userId))
                                    .execute();
                            return email;
                        },
                        email -> Optional.of(new SessionChange.MemberRemoved(sessionId, userId, email)));
    }

    /**
     * Moves the caller's read marker forward to {@code messageId} (never back). The read count grows by
     * the messages between the old marker and the new one: a range count, not a count of the session.
     */
    void markRead(long callerId, long sessionId, long messageId) {
        db.writer().write(tx -> {
            SessionRoles.roleOf(tx, sessionId, callerId);
            if (!tx.fetchExists(MESSAGES, MESSAGES.ID.eq(messageId).and(MESSAGES.SESSION_ID.eq(sessionId)))) {
                throw new ApiException.Invalid("last_read_id", "is not a message of session " + sessionId);
            }
            Long current = tx.select(SESSION_MEMBERS.LAST_READ_ID)
                    .from(SESSION_MEMBERS)
                    .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                    .and(SESSION_MEMBERS.USER_ID.eq(callerId))
                    .fetchSingle(SESSION_MEMBERS.LAST_READ_ID);
            if (current != null && current >= messageId) {
                return 0;
            }
            // Deleted messages count for nobody (V5 migration).
            int newlyRead = tx.fetchCount(
                    MESSAGES,
                    MESSAGES.SESSION_ID
                            .eq(sessionId)
                            .and(MESSAGES.ID.gt(current == null ? 0 : current))
                            .and(MESSAGES.ID.le(messageId))
                            .and(MESSAGES.DELETED_AT.isNull()));
            return tx.update(SESSION_MEMBERS)
                    .set(SESSION_MEMBERS.LAST_READ_ID, messageId)
                    .set(SESSION_MEMBERS.READ_COUNT, SESSION_MEMBERS.READ_COUNT.plus(newlyRead))
                    .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                    .and(SESSION_MEMBERS.USER_ID.eq(callerId))
                    .execute();
        });
    }

    private static Field<Long> lastMessageId(long sessionId) {
        return DSL.field(DSL.select(DSL.max(MESSAGES.ID)).from(MESSAGES).where(MESSAGES.SESSION_ID.eq(sessionId)));
    }
}
