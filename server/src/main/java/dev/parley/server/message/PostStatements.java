package dev.parley.server.message;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import dev.parley.schema.tables.records.ChatSessionsRecord;
import dev.parley.schema.tables.records.SessionMembersRecord;
import dev.parley.server.db.KeptStatement;
import dev.parley.server.http.ApiException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.UpdateConditionStep;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/**
 * The statements of a post, each a {@link KeptStatement} of the writer's connection: rendered and
 * prepared once, as rendering them again for every post cost the single writer thread more than
 * running them.
 *
 * <p>A post is three statements: the poster's read marker (which is also the check that they are a
 * member), the session's count and activity time, and the message. SQLite runs them in the writer's
 * own thread, so three cost no more than one. On PostgreSQL each statement is a round trip to the
 * server, and those round trips took most of the writer's time per post (benchmark/README.md, "On
 * PostgreSQL"): there a post without a reply is one statement, the two updates as data-modifying
 * {@code WITH} queries whose rows the insert selects from, so a non-member changes nothing.
 */
final class PostStatements {

    /** The poster's read marker and read count; also the check that they are a member. */
    private final KeptStatement markRead;
    /** The session's activity time and message count. */
    private final KeptStatement touchSession;

    private final KeptStatement insert;
    /** All three in one statement; PostgreSQL only, null on SQLite (which cannot update in a WITH). */
    private final KeptStatement combined;

    private PostStatements(DSLContext tx) {
        markRead = KeptStatement.of(tx, "mark the session read", markRead(tx, "id", "counted", "session", "user"));
        touchSession = KeptStatement.of(
                tx,
                "update the session",
                touchSession(tx).where(CHAT_SESSIONS.ID.eq(DSL.param("session", CHAT_SESSIONS.ID))));
        insert = KeptStatement.of(
                tx,
                "store the message",
                tx.insertInto(MESSAGES)
                        .set(MESSAGES.ID, DSL.param("id", MESSAGES.ID))
                        .set(MESSAGES.SESSION_ID, DSL.param("session", MESSAGES.SESSION_ID))
                        .set(MESSAGES.USER_ID, DSL.param("user", MESSAGES.USER_ID))
                        .set(MESSAGES.TEXT, DSL.param("text", MESSAGES.TEXT))
                        .set(MESSAGES.CREATED_AT, DSL.param("created_at", MESSAGES.CREATED_AT))
                        .set(MESSAGES.IDEMPOTENCY_KEY, DSL.param("key", MESSAGES.IDEMPOTENCY_KEY))
                        .set(MESSAGES.REPLY_TO, DSL.param("reply_to", MESSAGES.REPLY_TO))
                        .set(MESSAGES.SEQ, DSL.param("seq", MESSAGES.SEQ)));
        combined = tx.dialect().family() == SQLDialect.POSTGRES
                ? KeptStatement.of(tx, "store the message", combined(tx))
                : null;
    }

    /**
     * The post as one statement (every parameter with a name of its own). The read count is the
     * session's count before this statement plus one: every query of a {@code WITH} sees the rows as
     * they were before the statement began.
     */
    private static Query combined(DSLContext tx) {
        CommonTableExpression<Record1<Long>> marked = DSL.name("marked")
                .as(markRead(tx, "read_id", "counted", "member_of", "member")
                        .returningResult(SESSION_MEMBERS.SESSION_ID));
        Field<Long> markedSession = marked.field(SESSION_MEMBERS.SESSION_ID);
        CommonTableExpression<Record1<Long>> touched = DSL.name("touched")
                .as(touchSession(tx)
                        // One row at most (a member is one row): a value, not a set to aggregate first.
                        .where(CHAT_SESSIONS.ID.eq(
                                DSL.field(DSL.select(markedSession).from(marked))))
                        .returningResult(CHAT_SESSIONS.ID));
        return tx.with(marked, touched)
                .insertInto(
                        MESSAGES,
                        MESSAGES.ID,
                        MESSAGES.SESSION_ID,
                        MESSAGES.USER_ID,
                        MESSAGES.TEXT,
                        MESSAGES.CREATED_AT,
                        MESSAGES.IDEMPOTENCY_KEY,
                        MESSAGES.REPLY_TO,
                        MESSAGES.SEQ)
                .select(DSL.select(
                                DSL.param("id", MESSAGES.ID),
                                touched.field(CHAT_SESSIONS.ID),
                                DSL.param("user", MESSAGES.USER_ID),
                                DSL.param("text", MESSAGES.TEXT),
                                DSL.param("created_at", MESSAGES.CREATED_AT),
                                DSL.param("key", MESSAGES.IDEMPOTENCY_KEY),
                                DSL.param("reply_to", MESSAGES.REPLY_TO),
                                DSL.param("seq", MESSAGES.SEQ))
                        .from(touched));
    }

    /**
     * The poster's read marker moved to the message they post, and their read count to the session's
     * count after it, i.e. every message up to the new marker. The parameters are named by the caller:
     * the combined statement needs names of its own.
     */
    private static UpdateConditionStep<SessionMembersRecord> markRead(
            DSLContext tx, String messageId, String countedSession, String session, String user) {
        return tx.update(SESSION_MEMBERS)
                .set(SESSION_MEMBERS.LAST_READ_ID, DSL.param(messageId, SESSION_MEMBERS.LAST_READ_ID))
                .set(
                        SESSION_MEMBERS.READ_COUNT,
                        DSL.field(DSL.select(CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)))
                                .from(CHAT_SESSIONS)
                                .where(CHAT_SESSIONS.ID.eq(DSL.param(countedSession, CHAT_SESSIONS.ID)))))
                .where(SESSION_MEMBERS.SESSION_ID.eq(DSL.param(session, SESSION_MEMBERS.SESSION_ID)))
                .and(SESSION_MEMBERS.USER_ID.eq(DSL.param(user, SESSION_MEMBERS.USER_ID)));
    }

    /** One more message in a session, and its activity time: which session, the caller's where says. */
    private static UpdateSetMoreStep<ChatSessionsRecord> touchSession(DSLContext tx) {
        return tx.update(CHAT_SESSIONS)
                .set(CHAT_SESSIONS.LAST_MESSAGE_AT, DSL.param("last_message_at", CHAT_SESSIONS.LAST_MESSAGE_AT))
                .set(CHAT_SESSIONS.LAST_ACTIVITY_AT, DSL.param("last_activity_at", CHAT_SESSIONS.LAST_ACTIVITY_AT))
                .set(CHAT_SESSIONS.MESSAGE_COUNT, CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)));
    }

    /** The statements prepared on the connection of {@code tx}, the writer's transaction. */
    static PostStatements on(DSLContext tx) {
        return KeptStatement.perConnection(tx, PostStatements.class, () -> new PostStatements(tx));
    }

    /**
     * Moves {@code userId}'s read marker in {@code sessionId} to {@code messageId}, the message they are
     * posting; false (and nothing changed) when they are not a member, which makes this the check that
     * they may post there (see {@code db.Membership}: being a member is having this row).
     */
    boolean markRead(long sessionId, long userId, long messageId) {
        return markRead.set("id", messageId)
                        .set("counted", sessionId)
                        .set("session", sessionId)
                        .set("user", userId)
                        .execute()
                == 1;
    }

    /**
     * Stores {@code message} with what a post changes besides it (see {@link #markRead}, {@link
     * #touchSession}, {@link #insert}); when its author is not a member of its session nothing changes
     * and the post fails with {@code notMember}'s exception. What it answers, if anything, the caller
     * has checked. On PostgreSQL the one statement may be sent with the posts after it in the writer's
     * batch, and its check made then (see {@link KeptStatement#executeExpecting}).
     */
    void post(Message message, Optional<IdempotencyKey> idempotencyKey, Supplier<ApiException> notMember) {
        if (combined == null) {
            if (!markRead(message.sessionId(), message.userId(), message.id())) {
                throw notMember.get();
            }
            touchSession(message.sessionId(), message.createdAt());
            insert(message, idempotencyKey);
            return;
        }
        long millis = epochMillis(message.createdAt());
        combined.set("read_id", message.id())
                .set("counted", message.sessionId())
                .set("member_of", message.sessionId())
                .set("member", message.userId())
                .set("last_message_at", millis)
                .set("last_activity_at", millis)
                .set("id", message.id())
                .set("user", message.userId())
                .set("text", message.text())
                .set("created_at", millis)
                .set("key", idempotencyKey.map(IdempotencyKey::value).orElse(null))
                .set("reply_to", message.replyTo())
                .set("seq", message.id())
                .executeExpecting(1, notMember);
    }

    /** One more message in {@code sessionId}, posted {@code now}. */
    void touchSession(long sessionId, Instant now) {
        long millis = epochMillis(now);
        touchSession
                .set("last_message_at", millis)
                .set("last_activity_at", millis)
                .set("session", sessionId)
                .execute();
    }

    /** Stores a new message; its seq is its id (V5 migration). */
    void insert(Message message, Optional<IdempotencyKey> idempotencyKey) {
        insert.set("id", message.id())
                .set("seq", message.id())
                .set("reply_to", message.replyTo())
                .set("session", message.sessionId())
                .set("user", message.userId())
                .set("text", message.text())
                .set("created_at", epochMillis(message.createdAt()))
                .set("key", idempotencyKey.map(IdempotencyKey::value).orElse(null))
                .execute();
    }

    /** How the schema stores a time (V1 migration; the converter in jooq-codegen/pom.xml). */
    private static long epochMillis(Instant time) {
        return time.toEpochMilli();
    }
}
