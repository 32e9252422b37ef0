package dev.parley.server.metrics;

import dev.parley.server.testing.TestServer;
import java.util.Map;

/** The metrics of a server on SQLite. */
class SqliteMetricsTest extends AbstractMetricsTest {

    @Override
    TestServer start(Map<String, String> settings) {
        return TestServer.start(settings);
    }

    @Override
    boolean onPostgres() {
        return false;
    }
}
