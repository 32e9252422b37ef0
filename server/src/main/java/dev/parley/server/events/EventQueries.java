package dev.parley.server.events;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.MESSAGE_IDS;
import static dev.parley.schema.Tables.SESSION_MEMBERS;

import dev.parley.server.db.Database;
import dev.parley.server.db.Membership;
import dev.parley.server.db.MessageRows;
import dev.parley.server.http.ApiException;
import java.util.OptionalLong;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;

/** The access checks that open a stream, and the replay of what a reconnecting stream missed. */
final class EventQueries {

    private final Database db;
    private final FanOut fanOut;

    EventQueries(Database db, FanOut fanOut) {
        this.db = db;
        this.fanOut = fanOut;
    }

    /**
     * Checks that {@code userId} may follow {@code sessionId} and subscribes the stream right after
     * that check's commit; 404 for a session they cannot see. The check only reads, yet goes through
     * the writer on purpose: that gives it a place in commit order (docs/architecture.md, rule 5).
     */
    Subscription followSession(long userId, long sessionId, StreamBuffers buffers) {
        return db.writer()
                .write(
                        tx -> {
                            if (!Membership.includes(tx, sessionId, userId)) {
                                throw new ApiException.NotFound(
                                        "session " + sessionId + " does not exist or is not yours");
                            }
                            return Subscription.ofSession(userId, sessionId, buffers);
                        },
                        fanOut::subscribe);
    }

    /** 404 unless {@code userId} may follow {@code sessionId}: the check {@link #followSession} makes, alone. */
    void requireMember(long userId, long sessionId) {
        if (!Membership.includes(db.reads(), sessionId, userId)) {
            throw new ApiException.NotFound("session " + sessionId + " does not exist or is not yours");
        }
    }

    /** Subscribes a stream of every session {@code userId} is in, as of the same commit point. */
    Subscription followAllSessions(long userId, StreamBuffers buffers) {
        return db.writer()
                .write(
                        tx -> {
                            Set<Long> sessions = tx.select(SESSION_MEMBERS.SESSION_ID)
                                    .from(SESSION_MEMBERS)
                                    .where(SESSION_MEMBERS.USER_ID.eq(userId))
                                    .fetchSet(SESSION_MEMBERS.SESSION_ID);
                            return Subscription.ofAllSessions(userId, sessions, buffers);
                        },
                        fanOut::subscribe);
    }

    /**
     * The next page of what changed after {@code afterSeq} up to {@code horizon}, in seq order: the
     * messages of {@code sessionId} or (when empty) of every session {@code userId} is in now whose
     * latest change has a seq in that range, as they now are. Access is checked again, so a member
     * removed during a replay sees no more of it. The page's counter is the one its statement saw, or
     * (nothing matched) one read after it.
     */
    MessageRows.SequencedPage after(long userId, OptionalLong sessionId, long afterSeq, long horizon, int limit) {
        Condition visible = (sessionId.isPresent() ? MESSAGES.SESSION_ID.eq(sessionId.getAsLong()) : DSL.noCondition())
                .and(Membership.includes(MESSAGES.SESSION_ID, userId));
        // Two ranges, each read in the order of its own index up to a page (V7 migration): the messages
        // never changed by id, whose seq is their id, and the changed ones by seq. The first page of
        // their union in seq order lies within those two pages; one statement reads both, so they
        // share one snapshot and one counter.
        Select<Record1<Long>> unchanged = DSL.select(MESSAGES.ID)
                .from(MESSAGES)
                .where(MESSAGES.ID.gt(afterSeq))
                .and(MESSAGES.ID.le(horizon))
                .and(MESSAGES.SEQ.eq(MESSAGES.ID))
                .and(visible)
                .orderBy(MESSAGES.ID.asc())
                .limit(limit + 1);
        Select<Record1<Long>> changed = DSL.select(MESSAGES.ID)
                .from(MESSAGES)
                .where(MESSAGES.SEQ.ne(MESSAGES.ID))
                .and(MESSAGES.SEQ.gt(afterSeq))
                .and(MESSAGES.SEQ.le(horizon))
                .and(visible)
                .orderBy(MESSAGES.SEQ.asc())
                .limit(limit + 1);
        MessageRows.SequencedPage page = MessageRows.fetchSequenced(
                MessageRows.selectSequenced(db.reads())
                        .where(MESSAGES.ID.in(unchanged.unionAll(changed)))
                        .orderBy(MESSAGES.SEQ.asc()),
                limit);
        return page.messages().isEmpty() ? new MessageRows.SequencedPage(page.messages(), false, counter()) : page;
    }

    /** The message id counter: every change with a seq up to it is committed, and none above it is. */
    long counter() {
        return db.reads().select(MESSAGE_IDS.LAST_ID).from(MESSAGE_IDS).fetchSingle(MESSAGE_IDS.LAST_ID);
    }
}
