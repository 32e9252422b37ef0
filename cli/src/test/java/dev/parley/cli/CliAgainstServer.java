package dev.parley.cli;

import dev.parley.api.Json;
import dev.parley.cli.client.ParleyClient;
import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

    /** The API as the CLI's login sees it: for arranging and checking what the commands did. */
    protected ParleyClient client() {
        return cli.apiClient(server.baseUri());
    }

    /** A command's JSON output read back as an API record. */
    protected static <T> T parse(String json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a " + type.getSimpleName() + ": " + json, e);
        }
    }

    /** A loopback port nothing listens on: bound once to find it free, then closed. */
    protected static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
