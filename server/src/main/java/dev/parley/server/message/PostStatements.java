package dev.parley.server.message;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import dev.parley.server.db.MessageRows;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record6;
import org.jooq.Records;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The statements of a post, built and prepared once per writer connection and kept open: rendering
 * jOOQ's SQL and preparing it again for every post cost the single writer thread more than running
 * the statements (see benchmark/README.md, "What one post costs"). Each post binds new values and runs
 * them. They belong to the writer's connection (kept in its {@link DSLContext#data() data}, so a new
 * connection prepares its own) and are used on the writer thread only.
 */
final class PostStatements {

    /** The membership check and the poster's read marker (they have read what they answer). */
    private final Query markRead;

    /** The session's activity time and message count. */
    private final Query touchSession;

    private final Query insert;

    private final ResultQuery<Record6<Long, Long, Long, String, String, Instant>> findByKey;

    private PostStatements(DSLContext tx) {
        // read_count: the session's count after this post, i.e. every message up to the new marker.
        markRead = tx.update(SESSION_MEMBERS)
                .set(SESSION_MEMBERS.LAST_READ_ID, DSL.param("id", Long.class))
                .set(SESSION_MEMBERS.READ_COUNT, DSL.field(DSL.select(CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)))
                        .from(CHAT_SESSIONS)
                        .where(CHAT_SESSIONS.ID.eq(DSL.param("counted", Long.class)))))
                .where(SESSION_MEMBERS.SESSION_ID.eq(DSL.param("session", Long.class)))
                .and(SESSION_MEMBERS.USER_ID.eq(DSL.param("user", Long.class)))
                .keepStatement(true);
        touchSession = tx.update(CHAT_SESSIONS)
                .set(CHAT_SESSIONS.LAST_MESSAGE_AT, DSL.param("last_message_at", CHAT_SESSIONS.LAST_MESSAGE_AT))
                .set(CHAT_SESSIONS.LAST_ACTIVITY_AT, DSL.param("last_activity_at", CHAT_SESSIONS.LAST_ACTIVITY_AT))
                .set(CHAT_SESSIONS.MESSAGE_COUNT, CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)))
                .where(CHAT_SESSIONS.ID.eq(DSL.param("session", Long.class)))
                .keepStatement(true);
        insert = tx.insertInto(MESSAGES)
                .set(MESSAGES.ID, DSL.param("id", MESSAGES.ID))
                .set(MESSAGES.SESSION_ID, DSL.param("session", MESSAGES.SESSION_ID))
                .set(MESSAGES.USER_ID, DSL.param("user", MESSAGES.USER_ID))
                .set(MESSAGES.TEXT, DSL.param("text", MESSAGES.TEXT))
                .set(MESSAGES.CREATED_AT, DSL.param("created_at", MESSAGES.CREATED_AT))
                .set(MESSAGES.IDEMPOTENCY_KEY, DSL.param("key", MESSAGES.IDEMPOTENCY_KEY))
                .keepStatement(true);
        findByKey = MessageRows.select(tx)
                .where(MESSAGES.SESSION_ID.eq(DSL.param("session", Long.class)))
                .and(MESSAGES.USER_ID.eq(DSL.param("user", Long.class)))
                .and(MESSAGES.IDEMPOTENCY_KEY.eq(DSL.param("key", String.class)))
                .keepStatement(true);
    }

    /** The statements prepared on the connection of {@code tx}, the writer's transaction. */
    static PostStatements on(DSLContext tx) {
        return (PostStatements) tx.data().computeIfAbsent(PostStatements.class, k -> new PostStatements(tx));
    }

    /**
     * Moves {@code userId}'s read marker in {@code sessionId} to {@code messageId}, the message they are
     * posting; false (and nothing changed) when they are not a member, which makes this the check that
     * they may post there (see {@code db.Membership}: being a member is having this row).
     */
    boolean markRead(long sessionId, long userId, long messageId) {
        return markRead.bind("session", sessionId)
                .bind("user", userId)
                .bind("id", messageId)
                .bind("counted", sessionId)
                .execute() == 1;
    }

    /** One more message in {@code sessionId}, posted {@code now}. */
    void touchSession(long sessionId, Instant now) {
        touchSession.bind("session", sessionId)
                .bind("last_message_at", now)
                .bind("last_activity_at", now)
                .execute();
    }

    void insert(Message message, Optional<IdempotencyKey> idempotencyKey) {
        insert.bind("id", message.id())
                .bind("session", message.sessionId())
                .bind("user", message.userId())
                .bind("text", message.text())
                .bind("created_at", message.createdAt())
                .bind("key", idempotencyKey.map(IdempotencyKey::value).orElse(null))
                .execute();
    }

    /** The message {@code userId} posted to {@code sessionId} with {@code idempotencyKey}, if any. */
    Optional<Message> findByKey(long sessionId, long userId, IdempotencyKey idempotencyKey) {
        return findByKey.bind("session", sessionId)
                .bind("user", userId)
                .bind("key", idempotencyKey.value())
                .fetchOptional(Records.mapping(Message::new));
    }
}
