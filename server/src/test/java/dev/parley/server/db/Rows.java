package dev.parley.server.db;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;
import static dev.parley.schema.Tables.USERS;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jooq.DSLContext;

/**
 * Users, sessions and messages written inside a writer's transaction, as the features store them;
 * public for the tests of other packages that write rows straight into a database.
 */
public final class Rows {

    private Rows() {}

    public static long user(DSLContext tx, String email) {
        return tx.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.EMAIL_KEY, email)
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.CREATED_AT, Instant.now())
                .returningResult(USERS.ID)
                .fetchSingle()
                .value1();
    }

    /** A session owned by {@code owner}, who is its first member. */
    public static long session(DSLContext tx, long owner) {
        Instant now = Instant.now();
        long id = tx.insertInto(CHAT_SESSIONS)
                .set(CHAT_SESSIONS.USER_ID, owner)
                .set(CHAT_SESSIONS.TITLE, "a session")
                .set(CHAT_SESSIONS.CREATED_AT, now)
                .set(CHAT_SESSIONS.LAST_ACTIVITY_AT, now)
                .returningResult(CHAT_SESSIONS.ID)
                .fetchSingle()
                .value1();
        tx.insertInto(SESSION_MEMBERS)
                .set(SESSION_MEMBERS.SESSION_ID, id)
                .set(SESSION_MEMBERS.USER_ID, owner)
                .set(SESSION_MEMBERS.JOINED_AT, now)
                .execute();
        return id;
    }

    /** A message with the next id of {@code writer}'s transaction, as the API shows it. */
    public static Message message(
            DSLContext tx, SerialWriter writer, long sessionId, long userId, String email, String text) {
        long id = writer.messageIds().next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tx.insertInto(MESSAGES)
                .set(MESSAGES.ID, id)
                .set(MESSAGES.SEQ, id)
                .set(MESSAGES.SESSION_ID, sessionId)
                .set(MESSAGES.USER_ID, userId)
                .set(MESSAGES.TEXT, text)
                .set(MESSAGES.CREATED_AT, now)
                .execute();
        return new Message(id, sessionId, userId, email, text, now, null, null, null);
    }

    /** An edit of {@code message} with the next seq of {@code writer}'s transaction, as the message feature stores it. */
    public static SessionChange.MessageEdited edit(DSLContext tx, SerialWriter writer, Message message, String text) {
        long previous = seqOf(tx, message);
        long seq = writer.messageIds().next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tx.update(MESSAGES)
                .set(MESSAGES.TEXT, text)
                .set(MESSAGES.EDITED_AT, now)
                .set(MESSAGES.SEQ, seq)
                .where(MESSAGES.ID.eq(message.id()))
                .execute();
        return new SessionChange.MessageEdited(
                new Message(
                        message.id(),
                        message.sessionId(),
                        message.userId(),
                        message.userEmail(),
                        text,
                        message.createdAt(),
                        message.replyTo(),
                        now,
                        null),
                seq,
                previous);
    }

    /** The deletion of {@code message} (counts left alone), with the next seq of {@code writer}'s transaction. */
    public static SessionChange.MessageDeleted delete(DSLContext tx, SerialWriter writer, Message message) {
        long previous = seqOf(tx, message);
        long seq = writer.messageIds().next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        tx.update(MESSAGES)
                .set(MESSAGES.TEXT, "")
                .set(MESSAGES.DELETED_AT, now)
                .set(MESSAGES.SEQ, seq)
                .where(MESSAGES.ID.eq(message.id()))
                .execute();
        return new SessionChange.MessageDeleted(
                new Message(
                        message.id(),
                        message.sessionId(),
                        message.userId(),
                        message.userEmail(),
                        null,
                        message.createdAt(),
                        message.replyTo(),
                        message.editedAt(),
                        now),
                seq,
                previous);
    }

    private static long seqOf(DSLContext tx, Message message) {
        return tx.select(MESSAGES.SEQ)
                .from(MESSAGES)
                .where(MESSAGES.ID.eq(message.id()))
                .fetchSingle(MESSAGES.SEQ);
    }
}
