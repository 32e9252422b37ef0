package dev.parley.server.flows;

import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import dev.parley.server.testing.TestServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The API flows on PostgreSQL, each server on a fresh database of its own (created through
 * {@code PARLEY_TEST_POSTGRES_URL}, dropped when the server is closed). Skipped without that variable.
 */
@OnPostgres
class PostgresApiFlowTest extends AbstractApiFlowTest {

    @Override
    public TestServer start(Map<String, String> settings) {
        PostgresDatabases.Temporary database = PostgresDatabases.create();
        Map<String, String> onIt = new HashMap<>(settings);
        onIt.put("parley.database.url", database.url());
        return TestServer.start(onIt, database);
    }
}
