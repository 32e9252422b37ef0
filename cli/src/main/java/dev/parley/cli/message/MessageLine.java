package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import java.time.ZoneId;

/** How a message reads on a terminal, in {@code history}, {@code watch} and the shell alike. */
public final class MessageLine {

    /** Continuation lines of a multi-line text start here, so that each message stands out. */
    private static final String INDENT = "    ";

    private MessageLine() {}

    /** {@code [2026-11-25 22:49] alice@example.com: text}, the time and author in the palette's colours. */
    public static String line(Message message, ZoneId zone, Palette palette) {
        String text = TerminalText.multiLine(message.text()).replace("\n", "\n" + INDENT);
        return palette.time("[" + TextOutput.localTime(message.createdAt(), zone) + "]") + " "
                + palette.author(TerminalText.oneLine(message.userEmail())) + ": " + text;
    }
}
