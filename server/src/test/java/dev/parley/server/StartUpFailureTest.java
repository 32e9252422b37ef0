package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A server that cannot start says why, instead of pretending to serve. */
class StartUpFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aTakenPortStopsTheStartWithAClearMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> settings = Map.of("server.port", Integer.toString(taken.getLocalPort()));

            assertThatThrownBy(() -> TestServer.start(dataDir, settings))
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithOneLineAndExitCodeOne() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/parley";
        StringWriter err = new StringWriter();

        int exitCode = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err))
                .execute("--data-dir", dataDir.toString(), "--port", "0",
                        "--database-url", url + "?user=parley&password=hunter2");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).startsWith("parley server: cannot start: cannot connect to the database " + url + "?…: ")
                .contains("refused")
                .doesNotContain("hunter2")
                .hasLineCount(1);
    }

    @Test
    void aDatabaseParleyCannotUseIsNamedInTheMessage() {
        Map<String, String> settings = Map.of("parley.database.url", "jdbc:mysql://127.0.0.1/parley");

        assertThatThrownBy(() -> TestServer.start(dataDir, settings))
                .hasMessage("parley.database.url jdbc:mysql://127.0.0.1/parley names a database Parley does not "
                        + "support; use jdbc:postgresql://HOST/DATABASE, or an SQLite file");
    }

    @Test
    void aMissingPasswordFileStopsTheStart() {
        Path missing = dataDir.resolve("no-such-password");
        Map<String, String> settings = Map.of("parley.database.password-file", missing.toString());

        assertThatThrownBy(() -> TestServer.start(dataDir, settings))
                .hasMessage("cannot read parley.database.password-file " + missing + " (NoSuchFileException)");
    }

    /** A port nothing listens on: taken from the system, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
