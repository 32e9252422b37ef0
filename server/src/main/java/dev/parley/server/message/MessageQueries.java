package dev.parley.server.message;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.api.Wire;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.Database;
import dev.parley.server.db.Membership;
import dev.parley.server.db.MessageIds;
import dev.parley.server.db.MessageRows;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.Caller;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.impl.DSL;

/** SQL on {@code messages}, always scoped to a session the caller may see. */
final class MessageQueries {

    /** A stored message and whether this request stored it (false: an idempotent retry). */
    record Posted(Message message, boolean created) {}

    private final Database db;
    private final RecentMessages recent = new RecentMessages();

    MessageQueries(Database db) {
        this.db = db;
    }

    /**
     * Stores a message, moves the session's activity time and message count, and marks the session
     * read up to it for the poster (who has seen what they answer), in one transaction with the check
     * that the caller may post there (and that what it answers is a message of the session). Writers
     * take turns (one per server, and servers one at a time), so the idempotency look-up cannot race;
     * a replay changes nothing, not even the activity time. A new message is told to every server once
     * committed. The statements are the writer's kept ones ({@link PostStatements}), and the id comes
     * from the writer's batch ({@link MessageIds}).
     */
    Posted post(
            Caller caller,
            long sessionId,
            MessageText text,
            Optional<ReplyTo> replyTo,
            Optional<IdempotencyKey> key,
            Instant now) {
        MessageIds ids = db.writer().messageIds();
        return db.writer()
                .writeAndTell(
                        tx -> {
                            if (key.isPresent()) {
                                Optional<Message> earlier = findByKey(tx, caller.userId(), sessionId, key.get());
                                if (earlier.isPresent()) {
                                    if (!isVisible(tx, caller.userId(), sessionId)) {
                                        throw notFound(sessionId);
                                    }
                                    requireSamePost(earlier.get(), text, replyTo);
                                    return new Posted(earlier.get(), false);
                                }
                            }
                            Message message = new Message(
                                    ids.next(),
                                    sessionId,
                                    caller.userId(),
                                    caller.email(),
                                    text.value(),
                                    now,
                                    replyTo.map(ReplyTo::messageId).orElse(null),
                                    null,
                                    null);
                            store(tx, message, replyTo, key);
                            return new Posted(message, true);
                        },
                        posted -> posted.created()
                                ? Optional.of(new SessionChange.MessagePosted(posted.message()))
                                : Optional.empty());
    }

    /**
     * Stores the new {@code message} with what a post changes besides it, or throws 404 when its author
     * is not a member of its session. A reply's check that it answers a message of the session comes
     * after the membership check (moving the poster's read marker), so that a stranger learns nothing
     * of the session's messages from it; a post that answers nothing is one statement where the
     * database allows (see {@link PostStatements}).
     */
    private static void store(DSLContext tx, Message message, Optional<ReplyTo> replyTo, Optional<IdempotencyKey> key) {
        PostStatements statements = PostStatements.on(tx);
        if (replyTo.isEmpty()) {
            statements.post(message, key, () -> notFound(message.sessionId()));
            return;
        }
        if (!statements.markRead(message.sessionId(), message.userId(), message.id())) {
            throw notFound(message.sessionId());
        }
        requireAnswerable(tx, message.sessionId(), replyTo.get());
        statements.touchSession(message.sessionId(), message.createdAt());
        statements.insert(message, key);
    }

    /**
     * 422 unless a retry asks for the post its key stored. Once that message was edited or deleted its
     * first text is gone, and the retry gets it back as it is now.
     */
    private static void requireSamePost(Message first, MessageText text, Optional<ReplyTo> replyTo) {
        if (first.editedAt() != null || first.deletedAt() != null) {
            return;
        }
        if (!first.text().equals(text.value())) {
            throw new ApiException.Invalid(
                    Wire.IDEMPOTENCY_KEY, "was already used for a message with a different text");
        }
        if (!Objects.equals(first.replyTo(), replyTo.map(ReplyTo::messageId).orElse(null))) {
            throw new ApiException.Invalid(
                    Wire.IDEMPOTENCY_KEY, "was already used for a message that answers another one");
        }
    }

    /** 422 unless {@code replyTo} names a message of the session that is not deleted. */
    private static void requireAnswerable(DSLContext tx, long sessionId, ReplyTo replyTo) {
        Record1<Instant> answered = tx.select(MESSAGES.DELETED_AT)
                .from(MESSAGES)
                .where(MESSAGES.ID.eq(replyTo.messageId()))
                .and(MESSAGES.SESSION_ID.eq(sessionId))
                .fetchOne();
        if (answered == null) {
            throw new ApiException.Invalid(
                    ReplyTo.FIELD, "message " + replyTo.messageId() + " is not a message of session " + sessionId);
        }
        if (answered.value1() != null) {
            throw new ApiException.Invalid(
                    ReplyTo.FIELD, "message " + replyTo.messageId() + " was deleted and cannot be answered");
        }
    }

    /** One page of the session's history, in ascending id order. */
    MessagePage page(long userId, long sessionId, MessageWindow window) {
        if (window.isLatest() && window.limit() <= RecentMessages.CAPACITY) {
            return latest(userId, sessionId).page(window.limit());
        }
        DSLContext dsl = db.reads();
        if (!isVisible(dsl, userId, sessionId)) {
            throw notFound(sessionId);
        }
        return fetch(dsl, sessionId, window);
    }

    /** The default page (no cursor, default limit) as JSON, usually straight from memory. */
    byte[] latestPageJson(long userId, long sessionId) {
        return latest(userId, sessionId).fullPageJson();
    }

    /** Adds a committed message to its session's cached page; called in commit order. */
    void remember(Message message) {
        recent.append(message);
    }

    /** Drops the cached page of a session whose members or messages changed, or which was deleted. */
    void forgetSession(long sessionId) {
        recent.forget(sessionId);
    }

    /** Drops every cached page: changes may have been missed. */
    void forgetAll() {
        recent.forgetAll();
    }

    private RecentMessages.Latest latest(long userId, long sessionId) {
        return recent.session(sessionId, () -> loadLatest(sessionId))
                .filter(latest -> latest.isVisibleTo(userId))
                .orElseThrow(() -> notFound(sessionId));
    }

    /** The session's members and newest messages, or null when there is no such session. */
    private RecentMessages.Latest loadLatest(long sessionId) {
        DSLContext dsl = db.reads();
        Set<Long> members = dsl.select(SESSION_MEMBERS.USER_ID)
                .from(SESSION_MEMBERS)
                .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                .fetchSet(SESSION_MEMBERS.USER_ID);
        // Every session has its owner as a member: no members, no session.
        if (members.isEmpty()) {
            return null;
        }
        MessagePage newest =
                fetch(dsl, sessionId, new MessageWindow(Optional.empty(), Optional.empty(), RecentMessages.CAPACITY));
        return new RecentMessages.Latest(members, newest.messages(), newest.hasMore());
    }

    private static MessagePage fetch(DSLContext dsl, long sessionId, MessageWindow window) {
        Condition range = MESSAGES.SESSION_ID
                .eq(sessionId)
                .and(window.afterId().map(MESSAGES.ID::gt).orElse(DSL.noCondition()))
                .and(window.beforeId().map(MESSAGES.ID::lt).orElse(DSL.noCondition()));
        MessageRows.Page rows = MessageRows.fetchPage(
                MessageRows.select(dsl)
                        .where(range)
                        .orderBy(window.readsForward() ? MESSAGES.ID.asc() : MESSAGES.ID.desc()),
                window.limit());
        List<Message> page = new ArrayList<>(rows.messages());
        if (!window.readsForward()) {
            Collections.reverse(page);
        }
        return new MessagePage(List.copyOf(page), rows.hasMore());
    }

    private static Optional<Message> findByKey(DSLContext tx, long userId, long sessionId, IdempotencyKey key) {
        return MessageRows.select(tx)
                .where(MESSAGES.SESSION_ID.eq(sessionId))
                .and(MESSAGES.USER_ID.eq(userId))
                .and(MESSAGES.IDEMPOTENCY_KEY.eq(key.value()))
                .fetchOptional(Records.mapping(Message::new));
    }

    private static boolean isVisible(DSLContext dsl, long userId, long sessionId) {
        return Membership.includes(dsl, sessionId, userId);
    }

    private static ApiException.NotFound notFound(long sessionId) {
        return new ApiException.NotFound("session " + sessionId + " does not exist or is not yours");
    }
}
