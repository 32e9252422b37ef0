package dev.parley.cli.shell;

import dev.parley.api.Message;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.Palette;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.credentials.CredentialsException;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.OutboxReport;
import dev.parley.cli.outbox.OutboxSender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the shell sends a line: through the {@link OutboxSender}, after what the outbox holds for this
 * server, one line at a time. A line the server refuses for now (429, pasting a block) is sent again
 * after its Retry-After; a line not sent sets the shell's exit code.
 */
final class LineSender {

    /** How many times a line the server refuses for now (429) is sent again, each after its Retry-After. */
    private static final int BUSY_ATTEMPTS = 60;

    private final Connection connection;
    private final Outbox outbox;
    private final PrintWriter out;
    private final Palette palette;
    /** Held while sending: the outbox drains before any new line, and lines go one at a time. */
    private final Object sending = new Object();

    private volatile int exitCode = ExitCode.OK;

    LineSender(Connection connection, Outbox outbox, PrintWriter out, Palette palette) {
        this.connection = connection;
        this.outbox = outbox;
        this.out = out;
        this.palette = palette;
    }

    /** That of the last line that could not be sent; 0 when all were. */
    int exitCode() {
        return exitCode;
    }

    /**
     * Sends {@code text} to session {@code sessionId}, answering message {@code replyTo} unless it is
     * null, as often as it takes up to {@value #BUSY_ATTEMPTS} times while the server is busy; the
     * stored message goes to {@code sent}.
     */
    void send(long sessionId, String text, Long replyTo, Consumer<Message> sent) {
        synchronized (sending) {
            for (int attempt = 1; ; attempt++) {
                try {
                    sent.accept(new OutboxSender(connection, outbox).send(sessionId, text, replyTo, report(out)));
                    return;
                } catch (ApiFailure e) {
                    Optional<Duration> wait = e.retryAfter();
                    if (e.status() != 429 || wait.isEmpty() || attempt == BUSY_ATTEMPTS) {
                        exitCode = ExitCode.of(e.kind());
                        throw e;
                    }
                    out.println(Shell.errorLine(
                            palette,
                            "the server is busy (" + e.getMessage() + "); sending the line again in "
                                    + wait.get().toSeconds() + " s"));
                    out.flush();
                    pause(wait.get());
                } catch (CommandFailure e) {
                    exitCode = e.exitCode();
                    throw e;
                }
            }
        }
    }

    /** The server answers again (on the feed's thread): what waited in the outbox goes, each line to {@code print}. */
    void drain(Consumer<String> print) {
        synchronized (sending) {
            StringWriter printed = new StringWriter();
            PrintWriter to = new PrintWriter(printed);
            try {
                new OutboxSender(connection, outbox).drain(report(to));
            } catch (CommandFailure | ApiFailure | CredentialsException e) {
                to.println(Shell.errorLine(palette, e.getMessage()));
            }
            to.flush();
            printed.toString().lines().forEach(print);
        }
    }

    /** Tells, on {@code to}, each message sent from the outbox before the line typed, and each dropped. */
    private OutboxReport report(PrintWriter to) {
        return new OutboxReport(
                to,
                false,
                "sent first, from the outbox: ",
                to,
                palette,
                connection.clock().getZone());
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.isZero() ? Duration.ofMillis(100) : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
