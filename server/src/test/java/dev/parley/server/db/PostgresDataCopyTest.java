package dev.parley.server.db;

import static dev.parley.schema.Tables.CHAT_SESSIONS;
import static dev.parley.schema.Tables.GRANTS;
import static dev.parley.schema.Tables.MESSAGES;
import static dev.parley.schema.Tables.MESSAGE_IDS;
import static dev.parley.schema.Tables.REFRESH_TOKENS;
import static dev.parley.schema.Tables.SESSION_MEMBERS;
import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DataCopy} from an SQLite database onto an empty PostgreSQL one: every row of every table,
 * with its ids, in chunks; ids handed out afterwards continue above every id the source ever handed
 * out, deleted rows' included; the planner has the copy's statistics at once; and a target holding data is refused and left as it was. Skipped
 * without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
@Timeout(120)
class PostgresDataCopyTest {

    /** More messages than one chunk of the copy holds. */
    private static final int MESSAGES_COPIED = 1_500;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path dir;

    private PostgresDatabases.Temporary database;
    private Database source;
    private Database target;

    @BeforeEach
    void open() {
        source = Database.openSqlite(dir.resolve("source.db"), 1);
        database = PostgresDatabases.create();
        target = PostgresMigrationTest.open(database);
    }

    @AfterEach
    void close() {
        source.close();
        target.close();
        database.close();
    }

    @Test
    void everyRowIsCopiedWithItsIdsAndNewIdsContinueAboveEveryIdTheSourceHandedOut() {
        long deletedUser = fillSource();

        DataCopy.Copied copied = DataCopy.copy(source, target);

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("users", 2);
        expected.put("grants", 1);
        expected.put("refresh tokens", 1);
        expected.put("sessions", 1);
        expected.put("memberships", 2);
        expected.put("messages", MESSAGES_COPIED);
        assertThat(copied.rows()).containsExactlyEntriesOf(expected);
        assertSameRows(USERS, USERS.ID);
        assertSameRows(GRANTS, GRANTS.ID);
        assertSameRows(REFRESH_TOKENS, REFRESH_TOKENS.TOKEN_HASH);
        assertSameRows(CHAT_SESSIONS, CHAT_SESSIONS.ID);
        assertSameRows(SESSION_MEMBERS, SESSION_MEMBERS.SESSION_ID, SESSION_MEMBERS.USER_ID);
        assertSameRows(MESSAGES, MESSAGES.ID);
        assertSameRows(MESSAGE_IDS, MESSAGE_IDS.LAST_ID);
        assertThat(target.reads()
                        .fetchCount(
                                DSL.table("pg_stats"), DSL.field("tablename").eq("messages")))
                .as("the planner's statistics of the copied messages")
                .isPositive();

        long deletedSession = source.reads()
                .fetchSingle("SELECT seq FROM sqlite_sequence WHERE name = 'chat_sessions'")
                .get(0, Long.class);
        long lastGrant = source.reads().fetchValue(GRANTS.ID);
        long lastMessage = source.reads().fetchValue(MESSAGE_IDS.LAST_ID);
        long owner = target.reads()
                .select(DSL.min(USERS.ID))
                .from(USERS)
                .fetchSingle()
                .value1();
        long newUser = target.writer().write(tx -> Rows.user(tx, "new@example.com"));
        long newSession = target.writer().write(tx -> Rows.session(tx, owner));
        long newGrant = target.writer().write(tx -> grant(tx, owner));
        long newMessageId =
                target.writer().write(tx -> target.writer().messageIds().next());
        assertThat(newUser).isEqualTo(deletedUser + 1);
        assertThat(newSession).isEqualTo(deletedSession + 1);
        assertThat(newGrant).isEqualTo(lastGrant + 1);
        assertThat(newMessageId).isEqualTo(lastMessage + 1);
    }

    @Test
    void aDatabaseWithUsersOnlyIsCopiedAndItsEmptyTablesStartAtOne() {
        source.writer().write(tx -> Rows.user(tx, "alone@example.com"));

        DataCopy.Copied copied = DataCopy.copy(source, target);

        assertThat(copied.rows())
                .containsEntry("users", 1)
                .containsEntry("sessions", 0)
                .containsEntry("messages", 0);
        long owner = target.reads().fetchValue(USERS.ID);
        long newUser = target.writer().write(tx -> Rows.user(tx, "next@example.com"));
        long newSession = target.writer().write(tx -> Rows.session(tx, owner));
        long newGrant = target.writer().write(tx -> grant(tx, owner));
        assertThat(newUser).isEqualTo(owner + 1);
        assertThat(newSession).isEqualTo(1);
        assertThat(newGrant).isEqualTo(1);
    }

    @Test
    void aTargetHoldingDataIsRefusedAndLeftAsItWas() {
        fillSource();
        long existing = target.writer().write(tx -> Rows.user(tx, "already@example.com"));

        assertThatThrownBy(() -> DataCopy.copy(source, target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has users");

        assertThat(target.reads().select(USERS.ID).from(USERS).fetch(USERS.ID)).containsExactly(existing);
        assertThat(target.reads().fetchCount(MESSAGES)).isZero();
    }

    /**
     * Two users (a third deleted, the highest id), a log-in with its refresh token, one session with
     * both as members and more messages than a chunk (a second session deleted, with its messages:
     * the highest ids); returns the deleted user's id.
     */
    private long fillSource() {
        return source.writer().write(tx -> {
            long alice = Rows.user(tx, "alice@example.com");
            long bob = Rows.user(tx, "bob@example.com");
            long carol = Rows.user(tx, "carol@example.com");
            long grant = grant(tx, alice);
            tx.insertInto(REFRESH_TOKENS)
                    .set(REFRESH_TOKENS.TOKEN_HASH, "a".repeat(64))
                    .set(REFRESH_TOKENS.GRANT_ID, grant)
                    .set(REFRESH_TOKENS.CREATED_AT, NOW)
                    .execute();
            long kept = Rows.session(tx, alice);
            tx.insertInto(SESSION_MEMBERS)
                    .set(SESSION_MEMBERS.SESSION_ID, kept)
                    .set(SESSION_MEMBERS.USER_ID, bob)
                    .set(SESSION_MEMBERS.JOINED_AT, NOW)
                    .set(SESSION_MEMBERS.READ_COUNT, 3L)
                    .execute();
            for (int i = 0; i < MESSAGES_COPIED; i++) {
                Rows.message(tx, source.writer(), kept, i % 2 == 0 ? alice : bob, "", "message " + i);
            }
            long deleted = Rows.session(tx, carol);
            Rows.message(tx, source.writer(), deleted, carol, "", "deleted with its session");
            tx.deleteFrom(CHAT_SESSIONS).where(CHAT_SESSIONS.ID.eq(deleted)).execute();
            tx.deleteFrom(USERS).where(USERS.ID.eq(carol)).execute();
            return carol;
        });
    }

    private static long grant(DSLContext tx, long userId) {
        return tx.insertInto(GRANTS)
                .set(GRANTS.USER_ID, userId)
                .set(GRANTS.CREATED_AT, NOW)
                .set(GRANTS.EXPIRES_AT, NOW.plusSeconds(3600))
                .returningResult(GRANTS.ID)
                .fetchSingle()
                .value1();
    }

    private <R extends Record> void assertSameRows(Table<R> table, OrderField<?>... order) {
        List<Map<String, Object>> copied =
                target.reads().selectFrom(table).orderBy(order).fetchMaps();
        assertThat(copied)
                .as(table.getName())
                .isNotEmpty()
                .containsExactlyElementsOf(
                        source.reads().selectFrom(table).orderBy(order).fetchMaps());
    }
}
