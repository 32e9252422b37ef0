package dev.parley.server.events;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.db.Rows;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Users, sessions, members and messages written straight into a test's database, as the features store them. */
final class EventRows {

    private final Database db;

    EventRows(Database db) {
        this.db = db;
    }

    long user(String email) {
        return db.writer().write(tx -> Rows.user(tx, email));
    }

    /** A session owned by {@code owner}, who is its first member. */
    long session(long owner) {
        return db.writer().write(tx -> Rows.session(tx, owner));
    }

    void join(long sessionId, long userId) {
        db.writer()
                .write(tx -> tx.insertInto(SESSION_MEMBERS)
                        .set(SESSION_MEMBERS.SESSION_ID, sessionId)
                        .set(SESSION_MEMBERS.USER_ID, userId)
                        .set(SESSION_MEMBERS.JOINED_AT, Instant.now())
                        .execute());
    }

    void leave(long sessionId, long userId) {
        db.writer()
                .write(tx -> tx.deleteFrom(SESSION_MEMBERS)
                        .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                        .and(SESSION_MEMBERS.USER_ID.eq(userId))
                        .execute());
    }

    /** {@code count} messages stored in one transaction, texts numbered from 1; returns their ids, ascending. */
    List<Long> messages(long sessionId, long userId, int count) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return db.writer().write(tx -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                long id = db.writer().messageIds().next();
                tx.insertInto(MESSAGES)
                        .set(MESSAGES.ID, id)
                        .set(MESSAGES.SEQ, id)
                        .set(MESSAGES.SESSION_ID, sessionId)
                        .set(MESSAGES.USER_ID, userId)
                        .set(MESSAGES.TEXT, "message " + i)
                        .set(MESSAGES.CREATED_AT, now)
                        .execute();
                ids.add(id);
            }
            return ids;
        });
    }

    /** A message as the API shows it (its author's email included), stored with an id from the writer. */
    Message message(long sessionId, long userId, String email, String text) {
        return db.writer().write(tx -> Rows.message(tx, db.writer(), sessionId, userId, email, text));
    }

    /**
     * As {@link #message}, and told as a post tells it; returns once the database's change delivery
     * (a test's fan-out, say) has it.
     */
    Message post(long sessionId, long userId, String email, String text) {
        return db.writer()
                .writeAndTell(
                        tx -> Rows.message(tx, db.writer(), sessionId, userId, email, text),
                        message -> Optional.of(new SessionChange.MessagePosted(message)));
    }

    /** Edits a message's text as the feature does: it moves to a fresh seq; returns that seq. */
    long edit(long messageId, String text) {
        return db.writer().write(tx -> {
            long seq = db.writer().messageIds().next();
            tx.update(MESSAGES)
                    .set(MESSAGES.TEXT, text)
                    .set(MESSAGES.EDITED_AT, Instant.now())
                    .set(MESSAGES.SEQ, seq)
                    .where(MESSAGES.ID.eq(messageId))
                    .execute();
            return seq;
        });
    }
}
