package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.changes.Change;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, committed changes are heard on this server before their writer is answered, in commit
 * order, and a failing listener loses no write; the health check follows the database.
 */
class ChangesTest {

    @TempDir
    Path dir;

    @Test
    void aCommittedChangeIsHeardBeforeItsWriterIsAnsweredAndAFailedOneNever() {
        List<Change> heard = new CopyOnWriteArrayList<>();
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            db.changes().deliverTo(heard::add);

            long one = db.writer()
                    .writeAndTell(tx -> insertUser(tx, "one"), id -> Optional.of(new Change.GrantRevoked(id)));
            assertThat(heard).containsExactly(new Change.GrantRevoked(one));
            try {
                db.writer()
                        .writeAndTell(
                                tx -> {
                                    insertUser(tx, "two");
                                    throw new IllegalStateException("refused");
                                },
                                id -> Optional.of(new Change.GrantRevoked(99)));
            } catch (IllegalStateException expected) {
                // Its change must not be heard.
            }
            db.writer().writeAndTell(tx -> insertUser(tx, "three"), id -> Optional.empty());
            long four = db.writer()
                    .writeAndTell(tx -> insertUser(tx, "four"), id -> Optional.of(new Change.GrantRevoked(id)));

            assertThat(heard).containsExactly(new Change.GrantRevoked(one), new Change.GrantRevoked(four));
        }
    }

    @Test
    void aListenerThatFailsLosesNoWrite() {
        try (Database db = Database.openSqlite(dir.resolve("test.db"), 1)) {
            db.changes().deliverTo(change -> {
                throw new IllegalStateException("listener broke");
            });

            long id = db.writer()
                    .writeAndTell(tx -> insertUser(tx, "kept"), stored -> Optional.of(new Change.GrantRevoked(stored)));

            assertThat(id).isEqualTo(1);
            assertThat(db.reads().fetchExists(USERS, USERS.EMAIL.eq("kept"))).isTrue();
        }
    }

    @Test
    void theHealthCheckReportsTheDatabaseReadyOnlyWhileItAnswers() {
        Database db = Database.openSqlite(dir.resolve("test.db"), 1);
        DatabaseHealthCheck check = new DatabaseHealthCheck(db);
        assertThat(check.name()).isEqualTo("database");
        assertThat(check.type()).isEqualTo(HealthCheckType.READINESS);
        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.UP);

        db.close();

        assertThat(check.call().status()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(Database.canHold("a\0b")).isFalse();
        assertThat(Database.canHold("ab")).isTrue();
    }

    private static long insertUser(org.jooq.DSLContext tx, String email) {
        return tx.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.EMAIL_KEY, email)
                .set(USERS.PASSWORD_HASH, "x")
                .set(USERS.CREATED_AT, Instant.now())
                .returningResult(USERS.ID)
                .fetchSingle()
                .value1();
    }
}
