package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command line holds only the command its arguments name; whatever needs the others gets them all. */
class CommandTreeTest {

    private static final Environment ENVIRONMENT =
            new Environment(Map.of(), InputStream.nullInputStream(), null, Clock.systemUTC(), false, false);
    private static final List<String> EVERY_COMMAND = List.of(
            "register",
            "login",
            "logout",
            "whoami",
            "sessions",
            "send",
            "edit",
            "delete",
            "history",
            "search",
            "outbox",
            "unread",
            "watch",
            "open",
            "completion",
            "server",
            "help");

    @TempDir
    Path home;

    @Test
    void aNamedCommandIsTheOnlyOneAfterAnyGlobalOptions() {
        assertThat(subcommands("send", "1", "hello")).containsExactly("send");
        assertThat(subcommands("--json", "--server", "http://127.0.0.1:1", "history", "1"))
                .containsExactly("history");
        assertThat(subcommands("--server=http://127.0.0.1:1", "--verbose", "sessions", "create"))
                .containsExactly("sessions");
    }

    @Test
    void noCommandAnUnknownOneTheHelpAndCompletionGetEveryCommand() {
        for (String[] args : List.of(
                new String[0],
                new String[] {"--help"},
                new String[] {"--json", "sned", "1"},
                new String[] {"help", "send"},
                new String[] {"completion", "bash"},
                new String[] {"--server"})) {
            assertThat(subcommands(args)).as(String.join(" ", args)).containsExactlyElementsOf(EVERY_COMMAND);
        }
    }

    @Test
    void theHelpCommandStillDescribesAnyCommand() {
        Result help = Cli.in(home, "http://127.0.0.1:1").run("help", "send");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: parley send ");
    }

    private static List<String> subcommands(String... args) {
        return List.copyOf(
                Parley.commandLine(ENVIRONMENT, args).getSubcommands().keySet());
    }
}
