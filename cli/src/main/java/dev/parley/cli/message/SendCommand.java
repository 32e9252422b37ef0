package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.CommandContext;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.credentials.CredentialsException;
import dev.parley.cli.outbox.FlushCommand;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.PendingSend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code parley send SESSION TEXT…}: posts the words joined by spaces, or standard input with
 * {@code -} or when no TEXT is given and standard input is not a terminal. Each send carries a
 * fresh {@code Idempotency-Key}, so the client's retry after a network failure never posts twice,
 * and is written to the {@link Outbox} before the first attempt; it stays there when the server
 * cannot be reached or the login is missing or rejected, for {@code parley outbox flush}.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Post a message to a session: the words of TEXT joined by spaces, or standard"
                + " input (all of it, without its trailing newline) with '-' or when it is piped in."
                + " With --json, prints the Message. A message that cannot reach the server (exit code 5),"
                + " or finds no valid login (exit code 3), is kept in the outbox: see 'parley outbox'.",
        footer = {"", "Examples:", "  parley send 12 Hello, everyone", "  git log -1 | parley send 12 -"})
public final class SendCommand implements Callable<Integer> {

    private static final String STDIN = "-";

    @Mixin
    private CommandContext command;

    private static final String KEPT = "; the message is kept in the outbox (parley outbox flush sends it)";

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "TEXT",
            description = "The message, or '-' for standard input.")
    private List<String> words = List.of();

    @Override
    public Integer call() {
        String text = text();
        Connection connection = command.connection();
        Message message = send(connection, Outbox.locate(command.environment().variables()), session, text);
        PrintWriter out = command.out();
        JsonOutput.printResult(out, command.json(), message, FlushCommand.sent(message));
        return ExitCode.OK;
    }

    /**
     * Posts {@code text} to {@code session} through {@code outbox}: kept there before the first
     * attempt, with a fresh idempotency key. A failure that leaves it there is a
     * {@link CommandFailure} that says so; other failures are the client's. The interactive shell
     * sends its messages through here too.
     */
    public static Message send(Connection connection, Outbox outbox, long session, String text) {
        PendingSend pending = PendingSend.of(connection.server(), session, text, UUID.randomUUID().toString(),
                connection.clock().instant());
        outbox.add(pending);
        try {
            return outbox.deliver(connection.client(), pending);
        } catch (ApiFailure e) {
            if (!Outbox.keeps(e)) {
                throw e;
            }
            String why = e.kind() == ApiFailure.Kind.UNREACHABLE ? "server unreachable (" + e.getMessage() + ")" : e.getMessage();
            throw new CommandFailure(ExitCode.of(e.kind()), why + KEPT, e);
        } catch (CredentialsException e) {
            throw new CommandFailure(ExitCode.FAILURE, e.getMessage() + KEPT, e);
        }
    }

    private String text() {
        if (words.equals(List.of(STDIN))) {
            return standardInput();
        }
        if (!words.isEmpty()) {
            return String.join(" ", words);
        }
        if (command.environment().passwordPrompt().isPresent()) {
            throw new ParameterException(command.spec().commandLine(),
                    "nothing to send: give the TEXT, or '-' to read standard input");
        }
        return standardInput();
    }

    private String standardInput() {
        String input;
        try {
            input = new String(command.environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message from standard input", e);
        }
        if (input.isEmpty()) {
            throw new ParameterException(command.spec().commandLine(), "standard input is empty: nothing to send");
        }
        if (input.endsWith("\r\n")) {
            return input.substring(0, input.length() - 2);
        }
        return input.endsWith("\n") ? input.substring(0, input.length() - 1) : input;
    }
}
