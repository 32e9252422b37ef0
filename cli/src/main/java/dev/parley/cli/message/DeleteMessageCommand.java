package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.client.ParleyClient;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley delete SESSION MESSAGE}: deletes a message, leaving a tombstone that the session
 * shows as (deleted). It asks first on a terminal, showing the message; a script must say
 * {@code --yes}, as with {@code sessions delete}: there is nobody to ask and no undo.
 */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete a message: yours, or anyone's in a session you own. It stays in the"
                + " history as a tombstone, shown as (deleted), without its text. Asks for confirmation"
                + " on a terminal, showing the message; without a terminal, --yes is required (exit code 2"
                + " without it). Deleting a message again changes nothing. Exit code 1 ('Forbidden') for a"
                + " message you may not delete, 4 for a session or message that is not yours to see.",
        footer = {"", "Example:", "  parley delete 12 340 --yes"})
public final class DeleteMessageCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "The message's id.")
    private long message;

    @Option(
            names = {"-y", "--yes"},
            description = "Delete without asking.")
    private boolean yes;

    /** What {@code --json} prints: the API answers a deletion with no body. */
    record Deleted(long sessionId, long id, boolean deleted) {}

    @Override
    public Integer call() {
        Optional<Environment.PasswordPrompt> terminal = command.confirmationTerminal(yes);
        ParleyClient client = command.connection().client();
        boolean delete = terminal.isEmpty()
                || CommandContext.confirms(terminal.get(), shown(client) + "\nDelete this message? [y/N] ");
        if (delete) {
            client.deleteMessage(session, message);
        }
        JsonOutput.printResult(
                command.out(),
                command.json(),
                new Deleted(session, message, delete),
                (delete ? "Deleted message " : "Kept message ") + message + " in session " + session);
        return ExitCode.OK;
    }

    /** The message to show in the question, as history shows it. */
    private String shown(ParleyClient client) {
        Message found = client.findMessage(session, message)
                .orElseThrow(() -> new CommandFailure(
                        ExitCode.NOT_FOUND, "message " + message + " is not in session " + session, null));
        return MessageLine.of(command.environment().clock().getZone(), command.palette())
                .withIds(true)
                .line(found)
                .lines()
                .findFirst()
                .orElse("");
    }
}
