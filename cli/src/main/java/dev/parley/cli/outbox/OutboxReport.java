package dev.parley.cli.outbox;

import dev.parley.api.Message;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import java.io.PrintWriter;
import java.time.ZoneId;

/**
 * Tells what became of the outbox's messages as an {@link OutboxSender} goes through them: each
 * one sent as a line ({@code Sent message ID to session ID}, or the Message as JSON), each one the
 * server refused as an error line. {@code parley outbox flush} prints what it sent on standard
 * output; {@code send} and the shell, whose own message is the output, tell it on the side.
 */
public final class OutboxReport implements OutboxSender.Listener {

    private final PrintWriter sentTo;
    private final boolean json;
    private final String sentPrefix;
    private final PrintWriter errors;
    private final Palette palette;
    private final ZoneId zone;
    private int dropped;

    /**
     * @param sentTo where sent messages are told, with {@code json} as the Message, else as a line
     *     after {@code sentPrefix}
     */
    public OutboxReport(
            PrintWriter sentTo, boolean json, String sentPrefix, PrintWriter errors, Palette palette, ZoneId zone) {
        this.sentTo = sentTo;
        this.json = json;
        this.sentPrefix = sentPrefix;
        this.errors = errors;
        this.palette = palette;
        this.zone = zone;
    }

    /** What a person is told of a message that was sent: by {@code parley send}, or from the outbox. */
    public static String sent(Message message) {
        return "Sent message " + message.id() + " to session " + message.sessionId();
    }

    @Override
    public void delivered(PendingSend pending, Message message) {
        JsonOutput.printResult(sentTo, json, message, sentPrefix + sent(message));
    }

    @Override
    public void dropped(PendingSend pending, ApiFailure failure) {
        dropped++;
        errors.println(palette.errorPrefix() + " dropped the message of " + OutboxCommand.line(pending, zone) + ": "
                + (failure.getMessage() == null ? "refused" : TerminalText.oneLine(failure.getMessage())));
        errors.flush();
    }

    /** How many messages the server refused, and were dropped. */
    public int dropped() {
        return dropped;
    }
}
