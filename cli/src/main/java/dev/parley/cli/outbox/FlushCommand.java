package dev.parley.cli.outbox;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley outbox flush}: sends the current server's pending sends in creation order, each
 * with its own stored {@code Idempotency-Key}, so that one which reached the server before (and
 * whose answer was lost) is not stored again. Stops at the first one that cannot reach the server
 * or whose login is missing or rejected, keeping it and the rest; drops those the server refuses.
 */
@Command(name = "flush", mixinStandardHelpOptions = true,
        description = {"Deliver the outbox's messages to the server (--server, $PARLEY_SERVER),"
                + " oldest first, each exactly once: a message the server already has is not stored again."
                + " Prints 'Sent message ID to session ID' for each (with --json, the Message).",
                "Messages the server refuses (session gone, text invalid) are dropped, one line on"
                + " standard error each, and the exit code is 1. When the server is unreachable (exit code 5)"
                + " or the login is missing or rejected (exit code 3), the messages not yet delivered stay."},
        footer = {"", "Examples:", "  parley outbox flush", "  parley outbox flush --server https://chat.example.com"})
public final class FlushCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Override
    public Integer call() {
        Connection connection = command.connection();
        Outbox outbox = Outbox.locate(command.environment().variables());
        List<PendingSend> pending = outbox.list(connection.server());
        ParleyClient client = connection.client();
        PrintWriter out = command.out();
        PrintWriter err = command.err();
        ZoneId zone = connection.clock().getZone();
        int refused = 0;
        for (int i = 0; i < pending.size(); i++) {
            PendingSend send = pending.get(i);
            Message message;
            try {
                message = outbox.deliver(client, send);
            } catch (ApiFailure e) {
                if (Outbox.keeps(e)) {
                    throw kept(e, pending.size() - i);
                }
                refused++;
                err.println(Palette.errors(command.environment(), command.global()).errorPrefix() + " dropped the message of " + OutboxCommand.line(send, zone) + ": "
                        + oneLine(e.getMessage()));
                err.flush();
                continue;
            }
            JsonOutput.printResult(out, command.json(), message, sent(message));
        }
        return refused == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static CommandFailure kept(ApiFailure e, int remaining) {
        String kept = remaining == 1 ? "1 message is kept in the outbox" : remaining + " messages are kept in the outbox";
        String message = e.kind() == ApiFailure.Kind.UNREACHABLE
                ? "server unreachable (" + e.getMessage() + "); " + kept
                : e.getMessage() + "; " + kept;
        return new CommandFailure(ExitCode.of(e.kind()), message, e);
    }

    private static String oneLine(String text) {
        return text == null ? "refused" : TerminalText.oneLine(text);
    }

    /** What a person is told of a message that was sent: by {@code parley send}, or from the outbox. */
    public static String sent(Message message) {
        return "Sent message " + message.id() + " to session " + message.sessionId();
    }
}
