package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyConfig;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SQLite-born migrations build the same schema on an empty PostgreSQL database; skipped without one. */
@OnPostgres
class PostgresMigrationTest {

    private PostgresDatabases.Temporary database;

    @BeforeEach
    void create() {
        database = PostgresDatabases.create();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    /** Opens {@code database} as a server configured with its URL would. */
    static Database open(PostgresDatabases.Temporary database) {
        return Database.open(
                new ParleyConfig.Database(Optional.of(database.url()), Optional.empty(), Optional.empty(), 2, 2),
                Path.of("no-sqlite-file-is-used.db"));
    }

    @Test
    void everyMigrationRunsOnAnEmptyDatabase() {
        try (Database db = open(database)) {
            assertThat(db.reads()
                            .fetch("SELECT version, success FROM flyway_schema_history ORDER BY installed_rank")
                            .map(r -> r.get(0, String.class) + ":" + r.get(1, Boolean.class)))
                    .containsExactly("1:true", "2:true", "3:true", "4:true", "5:true", "6:true", "7:true", "9:true");
            assertThat(db.reads()
                            .fetch("SELECT table_name FROM information_schema.tables"
                                    + " WHERE table_schema = current_schema() ORDER BY table_name")
                            .map(r -> r.get(0, String.class)))
                    .containsExactly(
                            "chat_sessions",
                            "flyway_schema_history",
                            "grants",
                            "message_ids",
                            "messages",
                            "refresh_tokens",
                            "session_members",
                            "stream_tickets",
                            "users");
            assertThat(db.isReachable()).isTrue();
        }
    }

    @Test
    void aMigratedDatabaseOpensAgainWithItsDataAndNoMigrationRerun() {
        long id;
        try (Database db = open(database)) {
            id = insertUser(db, "kept@example.com");
        }
        try (Database db = open(database)) {
            assertThat(db.reads().fetchCount(db.reads().selectOne().from("flyway_schema_history")))
                    .isEqualTo(8);
            assertThat(db.reads()
                            .select(USERS.EMAIL)
                            .from(USERS)
                            .where(USERS.ID.eq(id))
                            .fetchOne(USERS.EMAIL))
                    .isEqualTo("kept@example.com");
        }
    }

    @Test
    void onlyMessagesWithAnIdempotencyKeyAreInItsUniqueIndex() {
        try (Database db = open(database)) {
            assertThat(db.reads()
                            .resultQuery("SELECT indexdef FROM pg_indexes WHERE indexname = 'messages_idempotency_key'")
                            .fetchSingle(0, String.class))
                    .startsWith("CREATE UNIQUE INDEX")
                    .endsWith("(session_id, user_id, idempotency_key) WHERE (idempotency_key IS NOT NULL)");
        }
    }

    @Test
    void idsGrowAndAreNeverReusedAfterADelete() {
        try (Database db = open(database)) {
            long first = insertUser(db, "first@example.com");
            long second = insertUser(db, "second@example.com");
            db.writer()
                    .write(tx -> tx.deleteFrom(USERS).where(USERS.ID.eq(second)).execute());
            long third = insertUser(db, "third@example.com");

            assertThat(List.of(first, second, third)).isSorted().doesNotHaveDuplicates();
        }
    }

    private static long insertUser(Database db, String email) {
        return db.writer()
                .write((DSLContext tx) -> tx.insertInto(USERS)
                        .set(USERS.EMAIL, email)
                        .set(USERS.EMAIL_KEY, email)
                        .set(USERS.PASSWORD_HASH, "x")
                        .set(USERS.CREATED_AT, Instant.now())
                        .returningResult(USERS.ID)
                        .fetchSingle()
                        .value1());
    }
}
