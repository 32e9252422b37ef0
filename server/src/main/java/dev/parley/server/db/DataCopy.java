package dev.parley.server.db;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.GRANTS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.MESSAGE_IDS;
import static dev.parley.schema.Tables.REFRESH_TOKENS;
import static dev.parley.schema.Tables.SESSION_MEMBERS;
import static dev.parley.schema.Tables.USERS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * Moves a Parley database's data into an empty one (an SQLite deployment onto PostgreSQL), keeping
 * every id, in one transaction of the target: users, log-ins and refresh tokens, sessions, members
 * and read markers, messages, and the high-water marks that keep ids from being handed out twice;
 * then it has PostgreSQL gather the new tables' statistics.
 */
public final class DataCopy {

    /** Rows inserted per statement: well below PostgreSQL's 65,535 parameters for the widest table. */
    private static final int CHUNK = 1_000;

    /** What was copied, table by table, in the order copied (parents before children). */
    public record Copied(Map<String, Integer> rows) {}

    private DataCopy() {}

    /**
     * Copies everything in {@code from} into {@code to}, which must hold no user, session or message
     * (else nothing is copied and an {@link IllegalStateException} says why).
     */
    public static Copied copy(Database from, Database to) {
        DSLContext source = from.reads();
        Map<String, Long> highWater = identityHighWater(source);
        long lastMessageId =
                source.select(MESSAGE_IDS.LAST_ID).from(MESSAGE_IDS).fetchSingle(MESSAGE_IDS.LAST_ID);
        Copied copied = to.writer().write(tx -> {
            requireEmpty(tx);
            Map<String, Integer> rows = new LinkedHashMap<>();
            rows.put("users", copyTable(source, tx, USERS, USERS.ID));
            rows.put("grants", copyTable(source, tx, GRANTS, GRANTS.ID));
            rows.put("refresh tokens", copyTable(source, tx, REFRESH_TOKENS, REFRESH_TOKENS.TOKEN_HASH));
            rows.put("sessions", copyTable(source, tx, CHAT_SESSIONS, CHAT_SESSIONS.ID));
            rows.put("memberships", copyTable(source, tx, SESSION_MEMBERS, SESSION_MEMBERS.SESSION_ID));
            rows.put("messages", copyTable(source, tx, MESSAGES, MESSAGES.ID));
            tx.update(MESSAGE_IDS).set(MESSAGE_IDS.LAST_ID, lastMessageId).execute();
            for (Table<?> table : List.of(USERS, GRANTS, CHAT_SESSIONS, MESSAGES)) {
                long high = highWater.getOrDefault(table.getName(), 0L);
                if (high > 0) {
                    // The target's identities continue above every id the source ever handed out.
                    tx.fetch("SELECT setval(pg_get_serial_sequence(?, 'id'), ?)", table.getName(), high);
                }
            }
            return new Copied(rows);
        });
        // Statistics for the planner at once rather than when autovacuum comes round: without them
        // it plans a search of the copied messages as if they were a few hundred rows, and picks a
        // plan that takes seconds for common words (benchmark/README.md, the search benchmark).
        to.writer().write(tx -> tx.execute("ANALYZE"));
        return copied;
    }

    private static void requireEmpty(DSLContext tx) {
        for (Table<?> table : List.of(USERS, CHAT_SESSIONS, MESSAGES)) {
            if (tx.fetchExists(table)) {
                throw new IllegalStateException(
                        "the target database already has " + table.getName() + "; copy-data only fills an empty one");
            }
        }
    }

    /** Copies {@code table} in chunks, in {@code order}, and returns how many rows it had. */
    private static <R extends Record> int copyTable(
            DSLContext source, DSLContext target, Table<R> table, TableField<R, ?> order) {
        int copied = 0;
        try (Cursor<R> rows =
                source.selectFrom(table).orderBy(order).fetchSize(CHUNK).fetchLazy()) {
            while (rows.hasNext()) {
                List<R> chunk = new ArrayList<>(rows.fetchNext(CHUNK));
                target.insertInto(table)
                        .columns(table.fields())
                        .valuesOfRecords(chunk)
                        .execute();
                copied += chunk.size();
            }
        }
        return copied;
    }

    /**
     * The highest id each SQLite table ever handed out (AUTOINCREMENT's sqlite_sequence), deleted rows
     * included; on a database that is not SQLite, the highest id present.
     */
    private static Map<String, Long> identityHighWater(DSLContext source) {
        Map<String, Long> high = new HashMap<>();
        for (Table<?> table : List.of(USERS, GRANTS, CHAT_SESSIONS, MESSAGES)) {
            Long max = source.select(DSL.max(table.field("id", Long.class)))
                    .from(table)
                    .fetchOne(0, Long.class);
            high.put(table.getName(), max == null ? 0 : max);
        }
        if (source.dialect().family() == SQLDialect.SQLITE) {
            source.fetch("SELECT name, seq FROM sqlite_sequence")
                    .forEach(r -> high.merge(r.get(0, String.class), r.get(1, Long.class), Math::max));
        }
        return high;
    }
}
