package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley sessions delete ID}: deletes a session you own with its messages. It asks first on
 * a terminal; a script must say {@code --yes}, as there is nobody to ask and no undo.
 */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a session you own, with its messages and memberships. Asks for"
                + " confirmation on a terminal; scripts pass --yes.",
        footer = {"", "Example:", "  parley sessions delete 12 --yes"})
public final class DeleteSessionCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Option(
            names = {"-y", "--yes"},
            description = "Delete without asking.")
    private boolean yes;

    /** What {@code --json} prints: the API answers a deletion with no body. */
    record Deleted(long id, boolean deleted) {}

    @Override
    public Integer call() {
        Optional<Environment.PasswordPrompt> terminal = command.confirmationTerminal(yes);
        ParleyClient client = command.connection().client();
        PrintWriter out = command.out();
        boolean delete = terminal.isEmpty() || confirmed(terminal.get(), client.session(id));
        if (delete) {
            client.deleteSession(id);
        }
        JsonOutput.printResult(
                out, command.json(), new Deleted(id, delete), (delete ? "Deleted session " : "Kept session ") + id);
        return ExitCode.OK;
    }

    private static boolean confirmed(Environment.PasswordPrompt terminal, Session session) {
        return CommandContext.confirms(
                terminal,
                "Delete session " + session.id() + " \"" + TerminalText.oneLine(session.title())
                        + "\" and its messages? [y/N] ");
    }
}
