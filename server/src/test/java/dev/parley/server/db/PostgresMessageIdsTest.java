package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interleaving that loses messages with an identity column (A takes 100, B takes 101, B commits
 * first), forced with two connections as two servers' writers: B cannot take an id at all while A's
 * is uncommitted. Skipped without PARLEY_TEST_POSTGRES_URL.
 */
@OnPostgres
class PostgresMessageIdsTest {

    /** PostgreSQL's SQLSTATE for "lock_not_available", what a lock_timeout raises. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private PostgresDatabases.Temporary database;

    @BeforeEach
    void migrate() {
        database = PostgresDatabases.create();
        PostgresMigrationTest.open(database).close();
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aSecondWriterCannotTakeAnIdUntilTheFirstCommits() throws SQLException {
        try (Connection a = connect();
                Connection b = connect()) {
            DSLContext writerA = DSL.using(a, SQLDialect.POSTGRES);
            DSLContext writerB = DSL.using(b, SQLDialect.POSTGRES);
            long first = nextId(writerA);

            writerB.execute("SET LOCAL lock_timeout = '200ms'");
            assertThatThrownBy(() -> nextId(writerB))
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e ->
                            assertThat(((DataAccessException) e).sqlState()).isEqualTo(LOCK_NOT_AVAILABLE));
            b.rollback();

            a.commit();
            long second = nextId(writerB);
            b.commit();

            assertThat(second).isEqualTo(first + 1);
        }
    }

    @Test
    void aWriterWaitingForTheLockSeesTheIdTheOtherCommitted() throws SQLException {
        try (Connection a = connect();
                Connection b = connect()) {
            long taken = nextId(DSL.using(a, SQLDialect.POSTGRES));
            a.rollback();

            // A rolled back: its id was never visible, and the next writer takes the same one again.
            assertThat(nextId(DSL.using(b, SQLDialect.POSTGRES))).isEqualTo(taken);
            b.commit();
        }
    }

    @Test
    void theWritersSharedLockKeepsOthersFromTakingAnId() throws SQLException {
        try (Connection a = connect();
                Connection b = connect()) {
            MessageIds.of(SQLDialect.POSTGRES).begin(DSL.using(a, SQLDialect.POSTGRES));
            DSLContext writerB = DSL.using(b, SQLDialect.POSTGRES);

            writerB.execute("SET LOCAL lock_timeout = '200ms'");
            assertThatThrownBy(() -> nextId(writerB))
                    .isInstanceOf(DataAccessException.class)
                    .satisfies(e ->
                            assertThat(((DataAccessException) e).sqlState()).isEqualTo(LOCK_NOT_AVAILABLE));
            b.rollback();
            a.commit();
        }
    }

    /** One message id taken and stored in {@code tx}'s transaction, as the writer does for a batch. */
    private static long nextId(DSLContext tx) {
        MessageIds ids = MessageIds.of(SQLDialect.POSTGRES);
        ids.begin(tx);
        long id = ids.next();
        ids.end(tx);
        return id;
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(database.url());
        connection.setAutoCommit(false);
        return connection;
    }
}
