package dev.parley.server.db;

import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.USERS;

import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.Record6;
import org.jooq.SelectOnConditionStep;

/**
 * Messages as the API shows them, with their author's email: the one projection that history
 * pages, stream replays and the change feed all read, so each maps it with
 * {@code Records.mapping(Message::new)} and none can drift from the others.
 */
public final class MessageRows {

    private MessageRows() {
    }

    /** {@code SELECT} the fields of a {@code Message} {@code FROM messages JOIN users}; add the conditions. */
    public static SelectOnConditionStep<Record6<Long, Long, Long, String, String, Instant>> select(DSLContext dsl) {
        return dsl.select(MESSAGES.ID, MESSAGES.SESSION_ID, MESSAGES.USER_ID, USERS.EMAIL, MESSAGES.TEXT,
                        MESSAGES.CREATED_AT)
                .from(MESSAGES)
                .join(USERS).on(USERS.ID.eq(MESSAGES.USER_ID));
    }
}
