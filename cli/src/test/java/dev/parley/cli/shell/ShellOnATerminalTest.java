package dev.parley.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.CliAgainstServer;
import dev.parley.server.testing.ApiClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shell as a user meets it: the real parley on a real pseudo-terminal (see
 * {@link PseudoTerminal}), against the real server. Keys are typed one step at a time, each after
 * the terminal showed the answer to the step before, as a person would.
 */
class ShellOnATerminalTest extends CliAgainstServer {

    private static final String PASSWORD = "correct horse battery";
    private static final String ENTER = "\r";
    private static final String CTRL_C = "\u0003";
    private static final String CTRL_D = "\u0004";

    @BeforeAll
    static void needsAPseudoTerminal() {
        assumeTrue(PseudoTerminal.available(), "util-linux script makes the pseudo-terminal");
    }

    @Test
    void ctrlCDropsTheLineBeingTypedAndTheShellCarriesOn() throws Exception {
        cli.newLogin(PASSWORD);
        long id = client().createSession("Interrupted").id();

        try (PseudoTerminal terminal = PseudoTerminal.start(variables(), "open", Long.toString(id))) {
            terminal.awaitOutput("#" + id + " Interrupted> ");
            terminal.type("half a thought");
            terminal.awaitOutput("half a thought");
            terminal.type(CTRL_C);
            terminal.awaitOutput("#" + id + " Interrupted> ");
            terminal.type("whole thought" + ENTER);
            terminal.awaitOutput(": whole thought");
            terminal.awaitOutput("#" + id + " Interrupted> ");
            terminal.type(CTRL_C);
            terminal.awaitOutput("#" + id + " Interrupted> ");
            terminal.type("/quit" + ENTER);

            assertThat(terminal.awaitExit()).as(terminal.screen()).isZero();
        }
        assertThat(texts(id)).containsExactly("whole thought");
    }

    @Test
    void logInOnTheTerminalThenChatThenLeave() throws Exception {
        String email = ApiClient.uniqueEmail();
        assertThat(cli.runWithStdin(PASSWORD + "\n", "register", email, "--password-stdin")
                        .exitCode())
                .isZero();

        try (PseudoTerminal login = PseudoTerminal.start(variables(), "login", email)) {
            login.awaitOutput("Password for " + email);
            login.type(PASSWORD + ENTER);
            login.awaitOutput("Logged in to ");

            assertThat(login.awaitExit()).as(login.screen()).isZero();
            assertThat(login.screen()).as("the password is not echoed").doesNotContain(PASSWORD);
        }
        try (PseudoTerminal shell = PseudoTerminal.start(variables())) {
            shell.awaitOutput(email + "> ");
            shell.type("/new Plans" + ENTER);
            shell.awaitOutput(" Plans> ");
            shell.type("see you at noon" + ENTER);
            shell.awaitOutput(": see you at noon");
            shell.awaitOutput(" Plans> ");
            shell.type(CTRL_D);

            assertThat(shell.awaitExit()).as(shell.screen()).isZero();
        }
        List<Session> sessions = client().listSessions(null, null).sessions();
        assertThat(sessions).extracting(Session::title).containsExactly("Plans");
        assertThat(texts(sessions.getFirst().id())).containsExactly("see you at noon");
    }

    /** The test's CLI home and server, for the parley on the terminal. */
    private Map<String, String> variables() {
        return Map.of(
                "HOME",
                cli.variable("HOME"),
                "XDG_CONFIG_HOME",
                cli.variable("XDG_CONFIG_HOME"),
                "PARLEY_SERVER",
                cli.variable("PARLEY_SERVER"));
    }

    private List<String> texts(long session) {
        return client().messages(session, null, null, null).messages().stream()
                .map(Message::text)
                .toList();
    }
}
