package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import java.time.ZoneId;

/**
 * How a message reads on a terminal, in {@code history}, {@code watch}, {@code search} and the shell
 * alike: {@code [2026-11-25 22:49] alice@example.com: text}, the time and author in the palette's
 * colours; with ids, {@code [2026-11-25 22:49 #340] …}, the id that {@code edit}, {@code delete} and
 * replies name.
 */
public final class MessageLine {

    /** Continuation lines of a multi-line text start here, so that each message stands out. */
    private static final String INDENT = "    ";

    private final ZoneId zone;
    private final Palette palette;
    private final boolean ids;

    private MessageLine(ZoneId zone, Palette palette, boolean ids) {
        this.zone = zone;
        this.palette = palette;
        this.ids = ids;
    }

    /** Lines in {@code zone}'s time, coloured by {@code palette}, without ids. */
    public static MessageLine of(ZoneId zone, Palette palette) {
        return new MessageLine(zone, palette, false);
    }

    /** The same lines with each message's id after its time ({@code ids}: whether). */
    public MessageLine withIds(boolean ids) {
        return new MessageLine(zone, palette, ids);
    }

    /** The message as a line, and continuation lines when its text has several. */
    public String line(Message message) {
        return header(message) + ": " + text(message.text());
    }

    /** {@code [2026-11-25 22:49] alice@example.com}: what the text of a message follows. */
    public String header(Message message) {
        String time = TextOutput.localTime(message.createdAt(), zone) + (ids ? " #" + message.id() : "");
        return palette.time("[" + time + "]") + " " + palette.author(TerminalText.oneLine(message.userEmail()));
    }

    private static String text(String text) {
        return TerminalText.multiLine(text).replace("\n", "\n" + INDENT);
    }
}
