package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.api.User;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.client.ParleyClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Start the interactive chat shell, with SESSION open if given (plain 'parley' does"
                + " the same without one). Type a line to send it to the open session; /help lists the"
                + " slash commands; /quit or Ctrl-D leaves. Without a terminal, lines are read from"
                + " standard input.",
        footer = {"", "Examples:", "  parley open 12", "  printf '/open 12\\nhello\\n' | parley"})
public final class OpenCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION", description = "The session to open.")
    private Long session;

    @Override
    public Integer call() throws IOException {
        Connection connection = command.connection();
        ParleyClient client = connection.client();
        // Not logged in, unreachable, no such session: the usual one line and exit code, before any shell.
        User user = client.me();
        Session initial = session == null ? null : client.session(session);
        try (Terminal terminal = terminal()) {
            new Shell(command.environment(), command.global(), connection, client, terminal, user.email()).run(initial);
        }
        return ExitCode.OK;
    }

    /** The process's terminal when it has one; else a dumb one on standard input and the command's output. */
    private Terminal terminal() {
        try {
            if (command.environment().stdin() == System.in && command.environment().passwordPrompt().isPresent()) {
                return TerminalBuilder.builder().system(true).build();
            }
            // A dumb terminal on the streams themselves: TerminalBuilder.streams(…) would put a
            // pseudo-terminal in between, which echoes the input and may drop it at its end.
            return new DumbTerminal("parley", Terminal.TYPE_DUMB, command.environment().stdin(),
                    new WriterOutputStream(command.out()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.FAILURE, "cannot open the terminal: " + e.getMessage(), e);
        }
    }
}
