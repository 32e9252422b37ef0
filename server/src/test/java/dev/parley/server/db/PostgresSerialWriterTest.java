package dev.parley.server.db;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;

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
}
