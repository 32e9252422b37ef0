package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import dev.parley.cli.TextTable;
import java.time.ZoneId;
import java.util.Optional;

/**
 * How a message reads on a terminal, in {@code history}, {@code watch}, {@code search} and the shell
 * alike: {@code [2026-11-25 22:49] alice@example.com: text}, the time and author in the palette's
 * colours; with ids, {@code [2026-11-25 22:49 #340] …}, the id that {@code edit}, {@code delete} and
 * replies name. What is said about the message comes between its author and its text, faint: the
 * first line of the message it answers ({@code (↪ bob@example.com: Can you drive?)}, or
 * {@code (↪ #338)} when that message is not at hand), {@code (edited)}; a deleted message is
 * {@code (deleted)}, without text.
 */
public final class MessageLine {

    /** Continuation lines of a multi-line text start here, so that each message stands out. */
    private static final String INDENT = "    ";
    /** How many terminal columns of the answered message's first line a reply quotes. */
    static final int QUOTE_WIDTH = 40;

    private final ZoneId zone;
    private final Palette palette;
    private final boolean ids;
    private final Quotes quotes;

    private MessageLine(ZoneId zone, Palette palette, boolean ids, Quotes quotes) {
        this.zone = zone;
        this.palette = palette;
        this.ids = ids;
        this.quotes = quotes;
    }

    /** Lines in {@code zone}'s time, coloured by {@code palette}, without ids; replies show the id they answer. */
    public static MessageLine of(ZoneId zone, Palette palette) {
        return new MessageLine(zone, palette, false, null);
    }

    /** The same lines with each message's id after its time ({@code ids}: whether). */
    public MessageLine withIds(boolean ids) {
        return new MessageLine(zone, palette, ids, quotes);
    }

    /** The same lines, replies quoting what they answer from {@code quotes}. */
    public MessageLine withQuotes(Quotes quotes) {
        return new MessageLine(zone, palette, ids, quotes);
    }

    /** The message as a line, and continuation lines when its text has several. */
    public String line(Message message) {
        if (message.deletedAt() != null || message.text() == null) {
            return header(message);
        }
        return header(message) + ": " + TerminalText.multiLine(message.text()).replace("\n", "\n" + INDENT);
    }

    /**
     * {@code [2026-11-25 22:49] alice@example.com (edited)}: what the text of a message follows, with
     * what is said about it.
     */
    public String header(Message message) {
        String time = TextOutput.localTime(message.createdAt(), zone) + (ids ? " #" + message.id() : "");
        StringBuilder header = new StringBuilder(palette.time("[" + time + "]"))
                .append(' ')
                .append(palette.author(TerminalText.oneLine(message.userEmail())));
        if (message.deletedAt() != null || message.text() == null) {
            return header.append(' ').append(palette.note("(deleted)")).toString();
        }
        if (message.replyTo() != null) {
            header.append(' ').append(palette.note("(↪ " + quote(message) + ")"));
        }
        if (message.editedAt() != null) {
            header.append(' ').append(palette.note("(edited)"));
        }
        return header.toString();
    }

    /** {@code bob@example.com: Can you drive?}, cut; {@code #338} when the message answered is not at hand. */
    private String quote(Message reply) {
        Optional<Message> answered = quotes == null ? Optional.empty() : quotes.answered(reply);
        if (answered.isEmpty()) {
            return "#" + reply.replyTo();
        }
        Message quoted = answered.get();
        String author = TerminalText.oneLine(quoted.userEmail());
        if (quoted.deletedAt() != null || quoted.text() == null) {
            return author + ", deleted";
        }
        String firstLine = quoted.text().lines().findFirst().orElse("");
        return author + ": " + TextTable.fit(TerminalText.oneLine(firstLine), QUOTE_WIDTH);
    }
}
