package dev.parley.server.message;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.db.Membership;
import dev.parley.server.db.MessageIds;
import dev.parley.server.db.MessageRows;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.Caller;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * SQL that changes a stored message: its author edits the text; its author or the session's owner
 * deletes it, leaving a tombstone without text. Each change moves the message's seq to a fresh value
 * of the message id counter, in the transaction of the change, so that streams resume across it
 * (docs/architecture.md, rule 2), and is told to every server once committed. A change that changes
 * nothing (the same text again, a second deletion) takes no seq and tells nothing.
 */
final class MessageEdits {

    /** The message as it is after the request, and the change told for it, if any. */
    record Outcome(Message message, Optional<SessionChange> change) {}

    private final Database db;

    MessageEdits(Database db) {
        this.db = db;
    }

    /**
     * Gives the message a new text and {@code edited_at}; its author only (403 for other members),
     * and not once it is deleted (409). The same text again is no edit.
     */
    Outcome edit(Caller caller, long sessionId, long messageId, MessageText text, Instant now) {
        MessageIds ids = db.writer().messageIds();
        return db.writer()
                .writeAndTell(
                        tx -> {
                            MessageRows.Sequenced stored = find(tx, caller.userId(), sessionId, messageId);
                            Message message = stored.message();
                            if (message.userId() != caller.userId()) {
                                throw new ApiException.Forbidden("only its author may edit message " + messageId);
                            }
                            if (message.deletedAt() != null) {
                                throw new ApiException.Conflict(
                                        "message " + messageId + " was deleted; a deleted message cannot be edited");
                            }
                            if (message.text().equals(text.value())) {
                                return new Outcome(message, Optional.empty());
                            }
                            long seq = ids.next();
                            tx.update(MESSAGES)
                                    .set(MESSAGES.TEXT, text.value())
                                    .set(MESSAGES.EDITED_AT, now)
                                    .set(MESSAGES.SEQ, seq)
                                    .where(MESSAGES.ID.eq(messageId))
                                    .execute();
                            Message edited = new Message(
                                    message.id(),
                                    message.sessionId(),
                                    message.userId(),
                                    message.userEmail(),
                                    text.value(),
                                    message.createdAt(),
                                    message.replyTo(),
                                    now,
                                    null);
                            return new Outcome(
                                    edited, Optional.of(new SessionChange.MessageEdited(edited, seq, stored.seq())));
                        },
                        Outcome::change);
    }

    /**
     * Deletes the message's text, leaving a tombstone with {@code deleted_at}; its author or the
     * session's owner only (403 for other members). A deleted message no longer counts: the session's
     * message count, and the read count of everyone whose read marker is at or past it, lose it in
     * the same transaction, so unread counts stay right. Deleting it again changes nothing.
     */
    Outcome delete(Caller caller, long sessionId, long messageId, Instant now) {
        MessageIds ids = db.writer().messageIds();
        return db.writer()
                .writeAndTell(
                        tx -> {
                            MessageRows.Sequenced stored = find(tx, caller.userId(), sessionId, messageId);
                            Message message = stored.message();
                            if (message.userId() != caller.userId() && ownerOf(tx, sessionId) != caller.userId()) {
                                throw new ApiException.Forbidden(
                                        "only its author or the session's owner may delete message " + messageId);
                            }
                            if (message.deletedAt() != null) {
                                return new Outcome(message, Optional.empty());
                            }
                            long seq = ids.next();
                            tx.update(MESSAGES)
                                    // '' stands for no text: the column is NOT NULL (V5 migration).
                                    .set(MESSAGES.TEXT, "")
                                    .set(MESSAGES.DELETED_AT, now)
                                    .set(MESSAGES.SEQ, seq)
                                    .where(MESSAGES.ID.eq(messageId))
                                    .execute();
                            tx.update(CHAT_SESSIONS)
                                    .set(CHAT_SESSIONS.MESSAGE_COUNT, CHAT_SESSIONS.MESSAGE_COUNT.minus(1L))
                                    .where(CHAT_SESSIONS.ID.eq(sessionId))
                                    .execute();
                            tx.update(SESSION_MEMBERS)
                                    .set(SESSION_MEMBERS.READ_COUNT, SESSION_MEMBERS.READ_COUNT.minus(1L))
                                    .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                                    .and(SESSION_MEMBERS.LAST_READ_ID.ge(messageId))
                                    .execute();
                            Message tombstone = new Message(
                                    message.id(),
                                    message.sessionId(),
                                    message.userId(),
                                    message.userEmail(),
                                    null,
                                    message.createdAt(),
                                    message.replyTo(),
                                    message.editedAt(),
                                    now);
                            return new Outcome(
                                    tombstone,
                                    Optional.of(new SessionChange.MessageDeleted(tombstone, seq, stored.seq())));
                        },
                        Outcome::change);
    }

    /**
     * The message, read in the writer's transaction with the seq of its latest change; 404 when the
     * caller is not in the session, or the message is not one of the session's.
     */
    private static MessageRows.Sequenced find(DSLContext tx, long userId, long sessionId, long messageId) {
        if (!Membership.includes(tx, sessionId, userId)) {
            throw new ApiException.NotFound("session " + sessionId + " does not exist or is not yours");
        }
        return MessageRows.fetchSequenced(
                        MessageRows.selectSequenced(tx)
                                .where(MESSAGES.ID.eq(messageId))
                                .and(MESSAGES.SESSION_ID.eq(sessionId)),
                        1)
                .messages()
                .stream()
                .findFirst()
                .orElseThrow(
                        () -> new ApiException.NotFound("message " + messageId + " is not in session " + sessionId));
    }

    private static long ownerOf(DSLContext tx, long sessionId) {
        return tx.select(CHAT_SESSIONS.USER_ID)
                .from(CHAT_SESSIONS)
                .where(CHAT_SESSIONS.ID.eq(sessionId))
                .fetchSingle(CHAT_SESSIONS.USER_ID);
    }
}
