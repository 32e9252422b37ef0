package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.Palette;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.OutboxReport;
import dev.parley.cli.outbox.OutboxSender;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley send SESSION TEXT…}: posts the words joined by spaces, or standard input with
 * {@code -} or when no TEXT is given and standard input is not a terminal, through the
 * {@link OutboxSender}: written to the outbox first with a fresh {@code Idempotency-Key} and the
 * account, sent after that account's pending messages, and kept when the server cannot be reached
 * or the login is rejected.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = "Post a message to a session: the words of TEXT joined by spaces, or standard"
                + " input (all of it, without its trailing newline) with '-' or when it is piped in."
                + " With --json, prints the Message. Messages waiting in the outbox for the same account and"
                + " server are sent first, oldest first (a line on standard error each). A message that"
                + " cannot reach the server (exit code 5), or whose login is rejected (exit code 3), is kept"
                + " in the outbox for the account it was written as: see 'parley outbox'. Without a login,"
                + " nothing is sent or kept (exit code 3).",
        footer = {
            "",
            "Examples:",
            "  parley send 12 Hello, everyone",
            "  git log -1 | parley send 12 -",
            "  parley send 12 --reply-to 340 Yes, nine is fine"
        })
public final class SendCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Parameters(
            index = "1..*",
            arity = "0..*",
            paramLabel = "TEXT",
            description = "The message, or '-' for standard input.")
    private List<String> words = List.of();

    @Option(
            names = "--reply-to",
            paramLabel = "MESSAGE",
            description = "Answer message MESSAGE (its id) of the session: history and the shell show the"
                    + " reply with the first line of what it answers.")
    private Long replyTo;

    @Override
    public Integer call() {
        String text = MessageInput.read(command, words, "send");
        Connection connection = command.connection();
        OutboxSender sender =
                new OutboxSender(connection, Outbox.locate(command.environment().variables()));
        // The earlier messages are told on standard error: the output is this message.
        OutboxReport earlier = new OutboxReport(
                command.err(),
                false,
                "sent first, from the outbox: ",
                command.err(),
                Palette.errors(command.environment(), command.global()),
                connection.clock().getZone());
        Message message = sender.send(session, text, replyTo, earlier);
        JsonOutput.printResult(command.out(), command.json(), message, OutboxReport.sent(message));
        return ExitCode.OK;
    }
}
