package dev.parley.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.Session;
import dev.parley.server.testing.ApiClient;
import dev.parley.server.testing.ApiClient.Account;
import dev.parley.server.testing.OnPostgres;
import dev.parley.server.testing.PostgresDatabases;
import dev.parley.server.testing.TestServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics of a server on PostgreSQL, each on a fresh database (skipped without
 * PARLEY_TEST_POSTGRES_URL); and those of its change feed, which SQLite has not.
 */
@OnPostgres
class PostgresMetricsTest extends AbstractMetricsTest {

    @Override
    TestServer start(Map<String, String> settings) {
        return start(settings, PostgresDatabases.create());
    }

    private static TestServer start(Map<String, String> settings, PostgresDatabases.Temporary database) {
        Map<String, String> onIt = new HashMap<>(settings);
        onIt.put("parley.database.url", database.url());
        return TestServer.start(onIt, database);
    }

    @Override
    boolean onPostgres() {
        return true;
    }

    @Test
    void theChangeFeedsLagAndReconnectsAreMeasured() {
        PostgresDatabases.Temporary database = PostgresDatabases.create();
        try (TestServer server = start(Map.of(), database)) {
            ApiClient api = ApiClient.of(server);
            Account owner = api.newAccount();
            Session session = createSession(api, owner);
            postMessage(api, owner, session.id(), "heard back");

            Exposition read = Exposition.of(server);
            assertThat(read.value("parley_change_feed_lag_seconds_count")).isPositive();
            assertThat(read.value("parley_change_feed_lag_seconds_bucket", Map.of("le", "+Inf")))
                    .isEqualTo(read.value("parley_change_feed_lag_seconds_count"));
            assertThat(read.value("parley_change_feed_connected")).isEqualTo(1);
            assertThat(read.value("parley_change_feed_reconnects_total")).isZero();

            // As a database restart would: the feed's connection is cut, and it listens again.
            database.cutConnections("parley-changes");
            Exposition.awaitValue(server, "parley_change_feed_reconnects_total", Map.of(), 1);
            Exposition.awaitValue(server, "parley_change_feed_connected", Map.of(), 1);
        }
    }
}
