package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements the writer holds back in a batch without savepoints ({@link StatementPipeline}): sent
 * together before anything else reads, and a failure among them is still its own work's alone. On
 * SQLite here; {@link PostgresStatementPipelineTest} on PostgreSQL, where the round trips it saves are.
 */
class StatementPipelineTest {

    @TempDir
    Path dir;

    Database db;

    Database open(Path dir) {
        return Database.openSqlite(dir.resolve("test.db"), 2);
    }

    void closed() {}

    @BeforeEach
    void openDatabase() {
        db = open(dir);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        closed();
    }

    @Test
    void heldStatementsRunBeforeTheFirstQueryAfterThemAndCommit() throws Exception {
        HeldWriter held = HeldWriter.hold(db);
        for (int i = 0; i < 4; i++) {
            String email = "user" + i;
            held.queue(() -> db.writer().write(tx -> {
                storeUser(tx, email);
                return null;
            }));
        }
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        held.queue(() -> db.writer().write(tx -> {
            counts.put("seen by the connection itself", countUsersBypassingJooq(tx));
            counts.put("seen by a jOOQ query", tx.fetchCount(USERS));
            return null;
        }));
        held.release();

        // Held: not yet sent when the connection is asked directly, sent before jOOQ's query ran.
        assertThat(counts).containsEntry("seen by the connection itself", 0).containsEntry("seen by a jOOQ query", 4);
        assertThat(emails()).containsExactly("user0", "user1", "user2", "user3");
    }

    @Test
    void aHeldStatementThatChangesOtherRowsThanExpectedFailsItsOwnWorkAlone() throws Exception {
        for (int i = 0; i < 5; i++) {
            SerialWriterTest.insertUser(db, "user" + i);
        }
        Map<Integer, String> outcomes = new ConcurrentHashMap<>();
        HeldWriter held = HeldWriter.hold(db);
        for (int i = 0; i < 5; i++) {
            int n = i;
            // The second renames a user nobody has: it changes no row and must fail, alone.
            String email = n == 1 ? "nobody" : "user" + n;
            held.queue(() -> outcomes.put(n, outcomeOf(() -> rename(email, "renamed" + n))));
        }
        held.release();

        assertThat(outcomes)
                .containsEntry(1, "failed: no user nobody")
                .containsEntry(0, "stored")
                .containsEntry(4, "stored");
        assertThat(emails()).containsExactly("renamed0", "renamed2", "renamed3", "renamed4", "user1");
    }

    @Test
    void aHeldStatementTheDatabaseRefusesFailsItsOwnWorkAlone() throws Exception {
        Map<Integer, String> outcomes = new ConcurrentHashMap<>();
        HeldWriter held = HeldWriter.hold(db);
        for (int i = 0; i < 5; i++) {
            int n = i;
            // The fourth takes the first one's email, which the unique index refuses.
            String email = n == 3 ? "user0" : "user" + n;
            held.queue(() -> outcomes.put(
                    n,
                    outcomeOf(() -> db.writer().write(tx -> {
                        storeUser(tx, email);
                        return null;
                    }))));
        }
        held.release();

        assertThat(outcomes.get(3)).startsWith("failed: cannot store a user");
        assertThat(outcomes).containsEntry(0, "stored").containsEntry(4, "stored");
        assertThat(emails()).containsExactly("user0", "user1", "user2", "user4");
    }

    @Test
    void aLoneWriteFailsAtOnceWithItsOwnFailure() {
        assertThat(outcomeOf(() -> rename("nobody", "renamed"))).isEqualTo("failed: no user nobody");
        assertThat(emails()).isEmpty();
    }

    private void rename(String email, String to) {
        db.writer().write(tx -> {
            kept(
                            tx,
                            "rename a user",
                            () -> tx.update(USERS)
                                    .set(USERS.EMAIL, DSL.param("to", USERS.EMAIL))
                                    .set(USERS.EMAIL_KEY, DSL.param("to_key", USERS.EMAIL_KEY))
                                    .where(USERS.EMAIL.eq(DSL.param("email", USERS.EMAIL))))
                    .set("to", to)
                    .set("to_key", to)
                    .set("email", email)
                    .executeExpecting(1, () -> new IllegalArgumentException("no user " + email));
            return null;
        });
    }

    private static void storeUser(DSLContext tx, String email) {
        kept(
                        tx,
                        "store a user",
                        () -> tx.insertInto(USERS)
                                .set(USERS.EMAIL, DSL.param("email", USERS.EMAIL))
                                .set(USERS.EMAIL_KEY, DSL.param("key", USERS.EMAIL_KEY))
                                .set(USERS.PASSWORD_HASH, DSL.inline("x"))
                                .set(USERS.CREATED_AT, DSL.param("created_at", USERS.CREATED_AT)))
                .set("email", email)
                .set("key", email)
                .set("created_at", System.currentTimeMillis())
                .executeExpecting(1, () -> new IllegalStateException("not stored"));
    }

    /**
     * The statement for {@code purpose}, prepared once per connection as the writer's own are, so
     * that a batch's executions of it are held in one JDBC batch.
     */
    private static KeptStatement kept(DSLContext tx, String purpose, Supplier<Query> query) {
        return (KeptStatement) tx.data().computeIfAbsent(purpose, key -> KeptStatement.of(tx, purpose, query.get()));
    }

    private static int countUsersBypassingJooq(DSLContext tx) {
        return tx.connectionResult(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT count(*) FROM users")) {
                row.next();
                return row.getInt(1);
            }
        });
    }

    private static String outcomeOf(Runnable write) {
        try {
            write.run();
            return "stored";
        } catch (IllegalArgumentException | DataAccessException e) {
            return "failed: " + e.getMessage();
        }
    }

    private List<String> emails() {
        return db.reads().select(USERS.EMAIL).from(USERS).orderBy(USERS.EMAIL).fetch(USERS.EMAIL);
    }
}
