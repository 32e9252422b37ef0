package dev.parley.cli;

import dev.parley.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Parley server (in-process, random port, its own SQLite file) for a test class, and for
 * each test a {@link Cli} whose home — credentials, outbox — is a fresh temporary directory.
 */
public abstract class CliAgainstServer {

    protected static TestServer server;

    @TempDir
    protected Path home;

    protected Cli cli;

    @BeforeAll
    static void startServer() {
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void newCli() {
        cli = Cli.in(home, server.baseUri().toString());
    }
}
