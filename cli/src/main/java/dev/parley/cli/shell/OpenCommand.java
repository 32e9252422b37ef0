package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.credentials.StoredLogin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley open [SESSION]} (and {@code parley} alone): the interactive shell. On a terminal it
 * takes the terminal; otherwise it reads lines from standard input, so that a pipe can drive it.
 * The login is checked before it starts: without one it ends with exit code 3, as every command.
 * A server that cannot be reached does not stop it: with a stored login it starts, says so, and
 * connects (and opens SESSION) once the server answers. Its exit code is that of the last line it
 * could not send, else 0.
 */
@Command(
        name = "open",
        mixinStandardHelpOptions = true,
        description = "Start the interactive chat shell, with SESSION open if given (plain 'parley' does"
                + " the same without one). Type a line to send it to the open session; /help lists the"
                + " slash commands; /quit or Ctrl-D leaves. Without a terminal, lines are read from"
                + " standard input. Messages show their id ([2026-11-26 04:00 #340]), which /reply, /edit"
                + " and /delete take. Edits and deletions of the open session's messages, joins, leaves,"
                + " renames and the deletion of the session are shown as they happen; the prompt counts"
                + " unread messages in the other sessions ([#7 +3])."
                + " A server that is down is waited for.",
        footer = {
            "",
            "Exit codes: 0, or that of the last line that could not be sent (5: kept in the outbox,"
                    + " server unreachable; 1: refused); 3 without a login.",
            "",
            "Examples:",
            "  parley open 12",
            "  printf '/open 12\\nhello\\n' | parley"
        })
public final class OpenCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", description = "The session to open.")
    private Long session;

    @Override
    public Integer call() throws IOException {
        Connection connection = command.connection();
        ParleyClient client = connection.client();
        // Not logged in, no such session: the usual one line and exit code, before any shell.
        String email;
        Session initial = null;
        Long openLater = null;
        String unreachable = null;
        try {
            email = client.me().email();
            initial = session == null ? null : client.session(session);
        } catch (ApiFailure e) {
            // A server that is down is waited for, with the stored login's identity meanwhile.
            Optional<StoredLogin> stored =
                    connection.tokenFromEnvironment() ? Optional.empty() : connection.storedLogin();
            if (e.kind() != ApiFailure.Kind.UNREACHABLE || stored.isEmpty()) {
                throw e;
            }
            email = stored.get().email();
            openLater = session;
            unreachable = e.getMessage();
        }
        try (Terminal terminal = terminal()) {
            Shell shell = new Shell(command.environment(), command.global(), connection, client, terminal, email);
            if (unreachable != null) {
                terminal.writer()
                        .println(Shell.errorLine(
                                command.palette(),
                                unreachable
                                        + "; the shell connects by itself once the server answers"
                                        + (openLater == null ? "" : ", and opens session " + openLater)));
            }
            return shell.run(initial, openLater);
        }
    }

    /** The process's terminal when it has one; else a dumb one on standard input and the command's output. */
    private Terminal terminal() {
        try {
            if (command.environment().stdin() == System.in
                    && command.environment().passwordPrompt().isPresent()) {
                return TerminalBuilder.builder().system(true).build();
            }
            // A dumb terminal on the streams themselves: TerminalBuilder.streams(…) would put a
            // pseudo-terminal in between, which echoes the input and may drop it at its end.
            return new DumbTerminal(
                    "parley",
                    Terminal.TYPE_DUMB,
                    command.environment().stdin(),
                    new WriterOutputStream(command.out()),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot open the terminal: " + e.getMessage(), e);
        }
    }
}
