package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley edit SESSION MESSAGE TEXT…}: gives one of your messages a new text, taken as
 * {@code send} takes it. Not through the outbox: an edit that cannot reach the server is simply
 * not made (exit code 5), as there is nothing to lose that the user does not still have.
 */
@Command(
        name = "edit",
        mixinStandardHelpOptions = true,
        description = "Give one of your messages a new text: the words of TEXT joined by spaces, or"
                + " standard input with '-' or when it is piped in. Everyone in the session sees it"
                + " marked (edited). With --json, prints the Message as it now is. Only its author may"
                + " edit a message (exit code 1, 'Forbidden', for anyone else in the session), and not once"
                + " it is deleted (exit code 1); a session or message that is not yours to see is exit code 4."
                + " An edit is not kept in the outbox: without the server, nothing changes (exit code 5).",
        footer = {"", "Examples:", "  parley edit 12 340 Leaving at half past nine", "  parley edit 12 340 - < note.txt"
        })
public final class EditMessageCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "The message's id.")
    private long message;

    @Parameters(
            index = "2..*",
            arity = "0..*",
            paramLabel = "TEXT",
            description = "The new text, or '-' for standard input.")
    private List<String> words = List.of();

    @Override
    public Integer call() {
        String text = MessageInput.read(command, words, "change the message to");
        Message edited = command.connection().client().editMessage(session, message, text);
        JsonOutput.printResult(
                command.out(),
                command.json(),
                edited,
                "Edited message " + edited.id() + " in session " + edited.sessionId());
        return ExitCode.OK;
    }
}
