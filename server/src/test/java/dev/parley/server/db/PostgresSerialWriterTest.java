package dev.parley.server.db;

import static dev.parley.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The writer's promises on PostgreSQL, each test on a fresh database; skipped without PARLEY_TEST_POSTGRES_URL. */
@OnPostgres
class PostgresSerialWriterTest extends SerialWriterTest {

    private PostgresDatabases.Temporary database;

    @Override
    Database open(Path dir) {
        database = PostgresDatabases.create();
        return PostgresMigrationTest.open(database);
    }

    @Override
    void closed() {
        database.close();
    }

    @Test
    void aWriterWhoseConnectionWasCutWritesAgainOnANewOne() {
        insertUser(db, "before");

        database.cutConnections("parley-writer");

        assertThatThrownBy(() -> insertUser(db, "on the lost connection")).isInstanceOf(RuntimeException.class);
        insertUser(db, "after");
        assertThat(db.reads().select(USERS.EMAIL).from(USERS).orderBy(USERS.ID).fetch(USERS.EMAIL))
                .containsExactly("before", "after");
    }
}
