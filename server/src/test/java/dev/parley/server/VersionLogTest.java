package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.testing.ServerProcess;
import dev.parley.version.ParleyVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's log says which build is running, in the line {@code parley --version} prints. */
class VersionLogTest {

    @TempDir
    Path dataDir;

    @Test
    void theServerLogsItsVersionLineAtStart() {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            assertThat(server.output())
                    .contains(" INFO dev.parley.server.Main: "
                            + ParleyVersion.ofThisBuild().line());
        }
    }
}
