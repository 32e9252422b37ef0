package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parley --version} says which build and which runtime, and the server says the same. */
class VersionTest {

    @TempDir
    Path home;

    @Test
    void versionNamesTheBuildsVersionCommitAndRuntime() {
        Result version = Cli.in(home, "http://127.0.0.1:1").run("--version");

        assertThat(version.exitCode()).isZero();
        assertThat(version.out())
                .matches("parley \\S+ \\(commit ([0-9a-f]{12}|unknown)\\) on Java "
                        + Runtime.version().toString().replace("+", "\\+") + ", .+\\R");
    }

    @Test
    void theServersVersionIsTheClientsLine() {
        Result client = Cli.in(home, "http://127.0.0.1:1").run("--version");
        Result server = Cli.in(home, "http://127.0.0.1:1").run("server", "--version");

        assertThat(server.exitCode()).isZero();
        assertThat(server.out()).isEqualTo(client.out());
    }
}
