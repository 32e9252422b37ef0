package dev.parley.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli;
import dev.parley.cli.Cli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parley completion: scripts that bash accepts and that know every command. */
class CompletionCommandTest {

    @TempDir
    Path home;

    @Test
    void theBashScriptIsValidBashAndCompletesEveryCommand() throws IOException, InterruptedException {
        Result result = cli().run("completion", "bash");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("complete -F")
                .contains("sessions")
                .contains("send")
                .contains("history")
                .contains("outbox")
                .contains("server");
        Path script = home.resolve("parley.bash");
        Files.writeString(script, result.out());
        Process check = new ProcessBuilder("bash", "-n", script.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor())
                .as(new String(check.getInputStream().readAllBytes()))
                .isZero();
    }

    @Test
    void theZshScriptLoadsBashCompatibilityFirst() {
        Result result = cli().run("completion", "zsh");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .startsWith("autoload -U +X compinit && compinit")
                .contains("bashcompinit");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        Result result = cli().run("completion", "fish");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).startsWith("parley: ").doesNotContain("\n");
    }

    private Cli cli() {
        return Cli.in(home, "http://127.0.0.1:9");
    }
}
