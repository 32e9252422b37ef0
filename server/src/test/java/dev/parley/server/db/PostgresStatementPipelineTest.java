package dev.parley.server.db;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import java.nio.file.Path;

/** Held statements on PostgreSQL, each test on a fresh database; skipped without PARLEY_TEST_POSTGRES_URL. */
@OnPostgres
class PostgresStatementPipelineTest extends StatementPipelineTest {

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
