package dev.parley.cli.shell;

import dev.parley.api.Message;
import dev.parley.cli.Palette;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.message.MessageLine;
import dev.parley.cli.message.Quotes;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jline.reader.LineReader;

/**
 * What the shell has printed of the open session, above the prompt ({@link LineReader#printAbove}):
 * each message as history prints it with its id ({@code [2026-11-26 04:00 #340]}, which
 * {@code /reply}, {@code /edit} and {@code /delete} name), and each version of it once. A message
 * the user sent or edited is shown from the server's answer, and not again when the stream brings
 * it; an edit or a deletion shows the message again, marked {@code (edited)} or {@code (deleted)}.
 * Replies quote what they answer: a message shown, or else looked up once.
 */
final class Transcript {

    /** Messages remembered as shown; older ones are not shown again, being before what the stream brings. */
    private static final int REMEMBERED = 1000;

    private final LineReader reader;
    private final Quotes quotes;
    private final MessageLine lines;
    private final Map<Long, Message> shown = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Message> eldest) {
            return size() > REMEMBERED;
        }
    };

    Transcript(ParleyClient client, LineReader reader, ZoneId zone, Palette palette) {
        this.reader = reader;
        this.quotes = new Quotes(client, Integer.MAX_VALUE);
        this.lines = MessageLine.of(zone, palette).withIds(true).withQuotes(quotes);
    }

    /** Another session is open: nothing of it was shown. */
    synchronized void clear() {
        shown.clear();
    }

    /** Prints {@code message} above the prompt, unless it, or a later version of it, was shown already. */
    void show(Message message) {
        synchronized (this) {
            Message before = shown.get(message.id());
            if (before != null && !Quotes.later(message, before)) {
                return;
            }
            shown.put(message.id(), message);
        }
        quotes.remember(message);
        reader.printAbove(lines.line(message));
    }
}
