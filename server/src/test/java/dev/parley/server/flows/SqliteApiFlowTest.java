package dev.parley.server.flows;

import dev.parley.server.testing.TestServer;
import java.util.Map;

/** The API flows on the embedded SQLite database, each server on its own temporary data directory. */
class SqliteApiFlowTest extends AbstractApiFlowTest {

    @Override
    public TestServer start(Map<String, String> settings) {
        return TestServer.start(settings);
    }
}
