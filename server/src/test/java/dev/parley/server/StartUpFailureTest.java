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

        int exitCode = new CommandLine(new ServerCommand())
                .setErr(new PrintWriter(err))
                .execute(
                        "--data-dir",
                        dataDir.toString(),
                        "--port",
                        "0",
                        "--database-url",
                        url + "?user=parley&password=hunter2");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("parley server: cannot start: cannot connect to the database " + url + "?…: ")
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

    @Test
    void aHeartbeatClientsWouldTakeForSilenceStopsTheStart() {
        Map<String, String> settings = Map.of("parley.events.heartbeat", "PT20S");

        assertThatThrownBy(() -> TestServer.start(dataDir, settings))
                .hasMessage("parley.events.heartbeat is PT20S; it must be at most a third of the 45 s after which"
                        + " clients take a silent stream for dead");
    }

    @Test
    void streamLimitsBelowOneStopTheStart() {
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.events.buffer-size", "0")))
                .hasMessage("parley.events.buffer-size is 0; it must be at least 1");
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.events.max-streams", "-1")))
                .hasMessage("parley.events.max-streams is -1; it must be at least 1");
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.events.retry", "PT0S")))
                .hasMessage("parley.events.retry must be a positive duration, not PT0S");
    }

    @Test
    void aHashingNicenessOutsideLinuxsRangeStopsTheStart() {
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.auth.hashing-niceness", "20")))
                .hasMessage("parley.auth.hashing-niceness is 20; it must be from 0 to 19 (default 5)");
        assertThatThrownBy(() -> TestServer.start(dataDir, Map.of("parley.auth.hashing-niceness", "-1")))
                .hasMessage("parley.auth.hashing-niceness is -1; it must be from 0 to 19 (default 5)");
    }

    /** A port nothing listens on: taken from the system, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
