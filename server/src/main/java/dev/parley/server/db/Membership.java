package dev.parley.server.db;

import static dev.parley.schema.Tables.SESSION_MEMBERS;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Who may see a session: its members, the owner among them. Every feature's queries apply this one
 * rule, so what a user can read, post to and follow never disagrees between features.
 */
public final class Membership {

    private Membership() {}

    /** True for rows whose {@code sessionId} is a session {@code userId} is a member of. */
    public static Condition includes(Field<Long> sessionId, long userId) {
        return DSL.exists(DSL.selectOne()
                .from(SESSION_MEMBERS)
                .where(SESSION_MEMBERS.SESSION_ID.eq(sessionId))
                .and(SESSION_MEMBERS.USER_ID.eq(userId)));
    }

    /** Whether {@code userId} is a member of {@code sessionId}. */
    public static boolean includes(DSLContext dsl, long sessionId, long userId) {
        return dsl.fetchExists(
                SESSION_MEMBERS, SESSION_MEMBERS.SESSION_ID.eq(sessionId).and(SESSION_MEMBERS.USER_ID.eq(userId)));
    }
}
