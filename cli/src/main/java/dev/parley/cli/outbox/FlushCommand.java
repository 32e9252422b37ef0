package dev.parley.cli.outbox;

import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.Palette;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code parley outbox flush}: sends the current server's pending sends of the logged-in account,
 * oldest first, each with its own stored {@code Idempotency-Key}, so that one which reached the
 * server before (and whose answer was lost) is not stored again, through {@link OutboxSender#drain}.
 * Messages another account wrote are never sent; they are named, kept, and the exit code is 3.
 */
@Command(
        name = "flush",
        mixinStandardHelpOptions = true,
        description = {
            "Deliver the outbox's messages to the server (--server, $PARLEY_SERVER),"
                    + " oldest first, each exactly once: a message the server already has is not stored again."
                    + " Prints 'Sent message ID to session ID' for each (with --json, the Message).",
            "Only the messages written under the account now logged in are sent: those of another"
                    + " account stay, one line on standard error says so, and the exit code is 3 (log in as"
                    + " that account and flush again).",
            "Messages the server refuses (session gone, text invalid) are dropped, one line on"
                    + " standard error each, and the exit code is 1. When the server is unreachable (exit code 5)"
                    + " or the login is rejected (exit code 3), the messages not yet delivered stay."
        },
        footer = {"", "Examples:", "  parley outbox flush", "  parley outbox flush --server https://chat.example.com"})
public final class FlushCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Override
    public Integer call() {
        Connection connection = command.connection();
        OutboxSender sender =
                new OutboxSender(connection, Outbox.locate(command.environment().variables()));
        List<PendingSend> others = sender.othersPending();
        Palette errors = Palette.errors(command.environment(), command.global());
        OutboxReport report = new OutboxReport(
                command.out(),
                command.json(),
                "",
                command.err(),
                errors,
                connection.clock().getZone());
        // Without a login nothing is sent: every message is someone else's until the login says whose.
        if (connection.account().isPresent()) {
            sender.drain(report);
        }
        if (!others.isEmpty()) {
            throw new CommandFailure(ExitCode.NOT_LOGGED_IN, othersLine(others, connection), null);
        }
        return report.dropped() == 0 ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** The one line that says whose messages stay, and how to send them. */
    private static String othersLine(List<PendingSend> others, Connection connection) {
        String authors = others.stream()
                .map(pending -> pending.account() == null ? "an unknown account" : pending.account())
                .distinct()
                .reduce((a, b) -> a + ", " + b)
                .orElseThrow();
        String now = connection
                .account()
                .map(account -> "you are logged in as " + account)
                .orElse("you are not logged in");
        return (others.size() == 1
                        ? "1 message in the outbox for " + connection.server() + " was"
                        : others.size() + " messages in the outbox for " + connection.server() + " were")
                + " written by " + authors + " and are kept, not sent: " + now
                + "; log in as their author and run 'parley outbox flush'";
    }
}
