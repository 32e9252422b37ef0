package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.MESSAGE_IDS;
import static dev.parley.schema.Tables.USERS;

import dev.parley.api.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record11;
import org.jooq.Record9;
import org.jooq.RecordMapper;
import org.jooq.Records;
import org.jooq.SelectLimitStep;
import org.jooq.SelectOnConditionStep;
import org.jooq.impl.DSL;

/**
 * Messages as the API shows them, with their author's email: the one projection that history
 * pages, stream replays and the change feed all read, so each maps it with
 * {@code Records.mapping(Message::new)} and none can drift from the others.
 */
public final class MessageRows {

    /**
     * The most text one page holds, in UTF-16 units, counted over its messages: 500 texts of 4000
     * characters would be ~8 MB in memory and on the wire for one request, enough for a handful of
     * requests to exhaust the server's heap. A page stops early instead, and says more follow. This
     * is at least four of the longest texts, and hundreds of ordinary ones; encoded it is at most
     * ~100 KB, which the kernel's socket buffers mostly take even from a client that never reads.
     */
    public static final int MAX_PAGE_TEXT = 32_768;

    /**
     * A deleted message's text is stored as '' (V5 migration) and shown as null; no other message has
     * an empty text (posting and editing refuse blank ones).
     */
    private static final Field<String> TEXT =
            DSL.nullif(MESSAGES.TEXT, DSL.inline("")).as(MESSAGES.TEXT.getName());
    /** The message id counter as the same statement sees it: how far a page's snapshot reaches. */
    private static final Field<Long> COUNTER =
            DSL.field(DSL.select(MESSAGE_IDS.LAST_ID).from(MESSAGE_IDS)).as("counter");

    private static final RecordMapper<
                    Record9<Long, Long, Long, String, String, Instant, Long, Instant, Instant>, Message>
            TO_MESSAGE = Records.mapping(Message::new);

    /** Messages in the order read, and whether more matched past them. */
    public record Page(List<Message> messages, boolean hasMore) {}

    /** A message and the seq of its latest change (a message never changed has its id as seq). */
    public record Sequenced(Message message, long seq) {}

    /**
     * Messages in seq order, whether more matched past them, and the message id counter as the
     * statement that read them saw it: every change up to {@code counter}, and none after, is in what
     * it read ({@link Long#MAX_VALUE} when nothing matched, and no row brought the counter along).
     */
    public record SequencedPage(List<Sequenced> messages, boolean hasMore, long counter) {}

    private MessageRows() {}

    /** How much text a message holds: a tombstone none. */
    public static int textLength(Message message) {
        return message.text() == null ? 0 : message.text().length();
    }

    /** {@code SELECT} the fields of a {@code Message} {@code FROM messages JOIN users}; add the conditions. */
    public static SelectOnConditionStep<Record9<Long, Long, Long, String, String, Instant, Long, Instant, Instant>>
            select(DSLContext dsl) {
        return dsl.select(
                        MESSAGES.ID,
                        MESSAGES.SESSION_ID,
                        MESSAGES.USER_ID,
                        USERS.EMAIL,
                        TEXT,
                        MESSAGES.CREATED_AT,
                        MESSAGES.REPLY_TO,
                        MESSAGES.EDITED_AT,
                        MESSAGES.DELETED_AT)
                .from(MESSAGES)
                .join(USERS)
                .on(USERS.ID.eq(MESSAGES.USER_ID));
    }

    /** As {@link #select}, with each message's seq and the counter the statement saw. */
    public static SelectOnConditionStep<
                    Record11<Long, Long, Long, String, String, Instant, Long, Instant, Instant, Long, Long>>
            selectSequenced(DSLContext dsl) {
        return dsl.select(
                        MESSAGES.ID,
                        MESSAGES.SESSION_ID,
                        MESSAGES.USER_ID,
                        USERS.EMAIL,
                        TEXT,
                        MESSAGES.CREATED_AT,
                        MESSAGES.REPLY_TO,
                        MESSAGES.EDITED_AT,
                        MESSAGES.DELETED_AT,
                        MESSAGES.SEQ,
                        COUNTER)
                .from(MESSAGES)
                .join(USERS)
                .on(USERS.ID.eq(MESSAGES.USER_ID));
    }

    /**
     * Up to {@code limit} messages of the ordered {@code query}, fewer when their texts would pass
     * {@link #MAX_PAGE_TEXT} (the first is always taken); rows are read one at a time, so no more
     * than the page is ever held.
     */
    public static Page fetchPage(
            SelectLimitStep<Record9<Long, Long, Long, String, String, Instant, Long, Instant, Instant>> query,
            int limit) {
        List<Message> page = new ArrayList<>();
        boolean hasMore = fetchInto(query, limit, TO_MESSAGE::map, message -> message, page);
        return new Page(page, hasMore);
    }

    /** As {@link #fetchPage}, for a query of {@link #selectSequenced}. */
    public static SequencedPage fetchSequenced(
            SelectLimitStep<Record11<Long, Long, Long, String, String, Instant, Long, Instant, Instant, Long, Long>>
                    query,
            int limit) {
        List<Counted> rows = new ArrayList<>();
        boolean hasMore = fetchInto(
                query,
                limit,
                row -> new Counted(
                        new Sequenced(
                                new Message(
                                        row.value1(),
                                        row.value2(),
                                        row.value3(),
                                        row.value4(),
                                        row.value5(),
                                        row.value6(),
                                        row.value7(),
                                        row.value8(),
                                        row.value9()),
                                row.value10()),
                        row.value11()),
                counted -> counted.sequenced().message(),
                rows);
        return new SequencedPage(
                rows.stream().map(Counted::sequenced).toList(),
                hasMore,
                rows.isEmpty() ? Long.MAX_VALUE : rows.getFirst().counter());
    }

    /** A row of {@link #selectSequenced}: every row of one statement brings the same counter. */
    private record Counted(Sequenced sequenced, long counter) {}

    private static <R extends Record, T> boolean fetchInto(
            SelectLimitStep<R> query, int limit, Function<R, T> map, Function<T, Message> messageOf, List<T> page) {
        int text = 0;
        try (Cursor<R> rows = query.limit(limit + 1).fetchLazy()) {
            for (R row : rows) {
                T item = map.apply(row);
                int length = textLength(messageOf.apply(item));
                if (page.size() == limit || !page.isEmpty() && text + length > MAX_PAGE_TEXT) {
                    return true;
                }
                page.add(item);
                text += length;
            }
        }
        return false;
    }
}
