package dev.parley.server.flows;

import dev.parley.server.testing.TestServer;
import java.util.Map;

/** Where the flow suites get their servers: one shared by most tests, and fresh ones with settings of their own. */
public interface Servers {

    /** The server most flows run against; tests keep apart by registering their own accounts. */
    TestServer shared();

    /** A new server on an empty database with {@code settings} overriding the defaults; the caller closes it. */
    TestServer start(Map<String, String> settings);
}
