package dev.parley.server.message;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The three statements of a post, written with jOOQ's DSL, rendered and prepared once per writer
 * connection and kept: rendering and preparing them again for every post cost the single writer
 * thread more than running them (see benchmark/README.md, "What one post costs"). jOOQ's own kept
 * statements did not help: each {@code Query.bind} walks the whole query again, so the values are
 * bound here straight to the JDBC statement, by the names the DSL gave them. They belong to the
 * writer's connection (kept in its {@link DSLContext#data() data}, so a new connection prepares its
 * own, and closing it closes them) and are used on the writer thread only.
 */
final class PostStatements {

    /** A statement prepared once, and the names of its parameters in the order they are bound. */
    private record Kept(PreparedStatement statement, List<String> parameters) {

        static Kept of(DSLContext tx, Query query) {
            // Inlined values (the + 1) are in the SQL text, not among its ? markers.
            List<String> names = query.getParams().entrySet().stream()
                    .filter(parameter -> !parameter.getValue().isInline())
                    .map(Map.Entry::getKey)
                    .toList();
            return new Kept(tx.connectionResult(connection -> connection.prepareStatement(query.getSQL())), names);
        }

        Kept set(String name, long value) throws SQLException {
            statement.setLong(index(name), value);
            return this;
        }

        Kept set(String name, Long value) throws SQLException {
            if (value == null) {
                statement.setNull(index(name), Types.BIGINT);
            } else {
                statement.setLong(index(name), value);
            }
            return this;
        }

        Kept set(String name, String value) throws SQLException {
            if (value == null) {
                statement.setNull(index(name), Types.VARCHAR);
            } else {
                statement.setString(index(name), value);
            }
            return this;
        }

        private int index(String name) {
            int index = parameters.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("no parameter " + name + " in " + parameters);
            }
            return index + 1;
        }
    }

    /** The poster's read marker and read count; also the check that they are a member. */
    private final Kept markRead;
    /** The session's activity time and message count. */
    private final Kept touchSession;

    private final Kept insert;

    private PostStatements(DSLContext tx) {
        // read_count: the session's count after this post, i.e. every message up to the new marker.
        markRead = Kept.of(
                tx,
                tx.update(SESSION_MEMBERS)
                        .set(SESSION_MEMBERS.LAST_READ_ID, DSL.param("id", SESSION_MEMBERS.LAST_READ_ID))
                        .set(
                                SESSION_MEMBERS.READ_COUNT,
                                DSL.field(DSL.select(CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)))
                                        .from(CHAT_SESSIONS)
                                        .where(CHAT_SESSIONS.ID.eq(DSL.param("counted", CHAT_SESSIONS.ID)))))
                        .where(SESSION_MEMBERS.SESSION_ID.eq(DSL.param("session", SESSION_MEMBERS.SESSION_ID)))
                        .and(SESSION_MEMBERS.USER_ID.eq(DSL.param("user", SESSION_MEMBERS.USER_ID))));
        touchSession = Kept.of(
                tx,
                tx.update(CHAT_SESSIONS)
                        .set(CHAT_SESSIONS.LAST_MESSAGE_AT, DSL.param("last_message_at", CHAT_SESSIONS.LAST_MESSAGE_AT))
                        .set(
                                CHAT_SESSIONS.LAST_ACTIVITY_AT,
                                DSL.param("last_activity_at", CHAT_SESSIONS.LAST_ACTIVITY_AT))
                        .set(CHAT_SESSIONS.MESSAGE_COUNT, CHAT_SESSIONS.MESSAGE_COUNT.plus(DSL.inline(1L)))
                        .where(CHAT_SESSIONS.ID.eq(DSL.param("session", CHAT_SESSIONS.ID))));
        insert = Kept.of(
                tx,
                tx.insertInto(MESSAGES)
                        .set(MESSAGES.ID, DSL.param("id", MESSAGES.ID))
                        .set(MESSAGES.SESSION_ID, DSL.param("session", MESSAGES.SESSION_ID))
                        .set(MESSAGES.USER_ID, DSL.param("user", MESSAGES.USER_ID))
                        .set(MESSAGES.TEXT, DSL.param("text", MESSAGES.TEXT))
                        .set(MESSAGES.CREATED_AT, DSL.param("created_at", MESSAGES.CREATED_AT))
                        .set(MESSAGES.IDEMPOTENCY_KEY, DSL.param("key", MESSAGES.IDEMPOTENCY_KEY))
                        .set(MESSAGES.REPLY_TO, DSL.param("reply_to", MESSAGES.REPLY_TO))
                        .set(MESSAGES.SEQ, DSL.param("seq", MESSAGES.SEQ)));
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
        try {
            return markRead.set("id", messageId)
                            .set("counted", sessionId)
                            .set("session", sessionId)
                            .set("user", userId)
                            .statement()
                            .executeUpdate()
                    == 1;
        } catch (SQLException e) {
            throw failed("mark the session read", e);
        }
    }

    /** One more message in {@code sessionId}, posted {@code now}. */
    void touchSession(long sessionId, Instant now) {
        long millis = epochMillis(now);
        try {
            touchSession
                    .set("last_message_at", millis)
                    .set("last_activity_at", millis)
                    .set("session", sessionId)
                    .statement()
                    .executeUpdate();
        } catch (SQLException e) {
            throw failed("update the session", e);
        }
    }

    /** Stores a new message; its seq is its id (V5 migration). */
    void insert(Message message, Optional<IdempotencyKey> idempotencyKey) {
        try {
            insert.set("id", message.id())
                    .set("seq", message.id())
                    .set("reply_to", message.replyTo())
                    .set("session", message.sessionId())
                    .set("user", message.userId())
                    .set("text", message.text())
                    .set("created_at", epochMillis(message.createdAt()))
                    .set("key", idempotencyKey.map(IdempotencyKey::value).orElse(null))
                    .statement()
                    .executeUpdate();
        } catch (SQLException e) {
            throw failed("store the message", e);
        }
    }

    /** How the schema stores a time (V1 migration; the converter in jooq-codegen/pom.xml). */
    private static long epochMillis(Instant time) {
        return time.toEpochMilli();
    }

    private static DataAccessException failed(String what, SQLException e) {
        return new DataAccessException("cannot " + what + ": " + e.getMessage(), e);
    }
}
