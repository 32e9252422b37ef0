package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.USERS;

import dev.parley.api.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record6;
import org.jooq.RecordMapper;
import org.jooq.Records;
import org.jooq.SelectLimitStep;
import org.jooq.SelectOnConditionStep;

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

    private static final RecordMapper<Record6<Long, Long, Long, String, String, Instant>, Message> TO_MESSAGE =
            Records.mapping(Message::new);

    /** Messages in the order read, and whether more matched past them. */
    public record Page(List<Message> messages, boolean hasMore) {}

    private MessageRows() {}

    /** {@code SELECT} the fields of a {@code Message} {@code FROM messages JOIN users}; add the conditions. */
    public static SelectOnConditionStep<Record6<Long, Long, Long, String, String, Instant>> select(DSLContext dsl) {
        return dsl.select(
                        MESSAGES.ID,
                        MESSAGES.SESSION_ID,
                        MESSAGES.USER_ID,
                        USERS.EMAIL,
                        MESSAGES.TEXT,
                        MESSAGES.CREATED_AT)
                .from(MESSAGES)
                .join(USERS)
                .on(USERS.ID.eq(MESSAGES.USER_ID));
    }

    /**
     * Up to {@code limit} messages of the ordered {@code query}, fewer when their texts would pass
     * {@link #MAX_PAGE_TEXT} (the first is always taken); rows are read one at a time, so no more
     * than the page is ever held.
     */
    public static Page fetchPage(SelectLimitStep<Record6<Long, Long, Long, String, String, Instant>> query, int limit) {
        List<Message> page = new ArrayList<>();
        int text = 0;
        try (Cursor<Record6<Long, Long, Long, String, String, Instant>> rows =
                query.limit(limit + 1).fetchLazy()) {
            for (Record6<Long, Long, Long, String, String, Instant> row : rows) {
                Message message = TO_MESSAGE.map(row);
                if (page.size() == limit
                        || !page.isEmpty() && text + message.text().length() > MAX_PAGE_TEXT) {
                    return new Page(page, true);
                }
                page.add(message);
                text += message.text().length();
            }
        }
        return new Page(page, false);
    }
}
