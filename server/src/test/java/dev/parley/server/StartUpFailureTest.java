package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
