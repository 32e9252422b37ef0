package dev.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cli.Cli.Result;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Colour on a terminal only, never with NO_COLOR, a dumb terminal or --json, and never changing the text. */
class ColourTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    private static final String ESCAPE = "\u001B[";

    private String email;
    private long session;

    @BeforeEach
    void aSessionWithAMessage() {
        email = cli.newLogin(PASSWORD);
        session = client().createSession("Colours").id();
        client().postMessage(session, "hello", UUID.randomUUID().toString());
    }

    @Test
    void onATerminalTheTimeAuthorErrorPrefixAndHelpAreColouredAndTheTextIsTheSame() {
        Cli terminal = cli.withTerminalOutput();
        Cli pipe = cli;

        for (String[] command : commands()) {
            Result coloured = terminal.run(command);
            Result plain = pipe.run(command);

            assertThat(coloured.out() + coloured.err())
                    .as(String.join(" ", command))
                    .contains(ESCAPE);
            assertThat(withoutColour(coloured.out())).isEqualTo(plain.out());
            assertThat(withoutColour(coloured.err())).isEqualTo(plain.err());
        }
        assertThat(terminal.run("history", Long.toString(session)).out())
                .contains(ESCAPE + "1m" + ESCAPE + "36m" + email + ESCAPE + "0m: hello");
    }

    @Test
    void noColorTurnsColourOffEvenOnATerminal() {
        assertNoColour(cli.withTerminalOutput().with("NO_COLOR", "1"));
    }

    @Test
    void anEmptyNoColorDoesNotCount() {
        Result history = cli.withTerminalOutput().with("NO_COLOR", "").run("history", Long.toString(session));

        assertThat(history.out()).contains(ESCAPE);
    }

    @Test
    void aDumbTerminalGetsNoColour() {
        assertNoColour(cli.withTerminalOutput().with("TERM", "dumb"));
    }

    @Test
    void withoutATerminalThereIsNoColour() {
        assertNoColour(cli);
    }

    @Test
    void jsonIsNeverColoured() {
        Cli terminal = cli.withTerminalOutput();

        Result history = terminal.run("--json", "history", Long.toString(session));
        Result failed = terminal.run("history", "999999", "--json");
        Result help = terminal.run("--json", "send", "--help");

        for (Result result : List.of(history, failed, help)) {
            assertThat(result.out() + result.err()).as(result.toString()).doesNotContain(ESCAPE);
        }
        assertThat(failed.exitCode()).isEqualTo(4);
    }

    @Test
    void theShellColoursMessagesAndErrorsOnATerminalOnly() {
        String lines = "/open " + session + "\nhi\n/nope\n";

        Result coloured = cli.withTerminalOutput().runWithStdin(lines);
        Result plain = cli.withTerminalOutput().with("NO_COLOR", "yes").runWithStdin(lines);

        assertThat(coloured.exitCode()).as(coloured.toString()).isZero();
        assertThat(coloured.out())
                .contains(ESCAPE + "1m" + ESCAPE + "31mparley:" + ESCAPE + "0m unknown command")
                .contains(email + ESCAPE + "0m: hi");
        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(plain.out())
                .doesNotContain(ESCAPE)
                .contains("parley: unknown command")
                .contains(email + ": hi");
    }

    private void assertNoColour(Cli user) {
        for (String[] command : commands()) {
            Result result = user.run(command);
            assertThat(result.out() + result.err()).as(result.toString()).doesNotContain(ESCAPE);
        }
        Result shell = user.runWithStdin("/open " + session + "\nhi\n/nope\n");
        assertThat(shell.out())
                .as(shell.toString())
                .contains(": hi")
                .contains("parley: unknown")
                .doesNotContain(ESCAPE);
    }

    /** A message listing, a failure, help, and a usage error. */
    private List<String[]> commands() {
        return List.of(
                new String[] {"history", Long.toString(session)},
                new String[] {"history", "999999"},
                new String[] {"send", "--help"},
                new String[] {"sessions", "--limit"});
    }

    private static String withoutColour(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*m", "");
    }
}
