package dev.parley.cli;

import java.util.regex.Pattern;

/**
 * The one filter for text that came from a server (messages, titles, emails, error details) on its
 * way to a terminal: every control character ({@code \p{Cc}}, C0 and C1 alike: U+009B is a CSI and
 * U+009D an OSC on many terminals) becomes a space, and the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which make text read in another order than it is stored, are
 * dropped. Line feeds and tabs survive only in {@link #multiLine}.
 */
public final class TerminalText {

    private static final Pattern BIDI_CONTROLS = Pattern.compile("[\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cc}");
    private static final Pattern CONTROLS_BUT_LINE_FEED_AND_TAB = Pattern.compile("[\\p{Cc}&&[^\\n\\t]]");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private TerminalText() {}

    /** {@code text} on one line: every control character a space, runs of spaces one, no spaces at the ends. */
    public static String oneLine(String text) {
        String safe = CONTROLS.matcher(withoutBidiControls(text)).replaceAll(" ");
        return SPACES.matcher(safe).replaceAll(" ").strip();
    }

    /**
     * {@code text} as a piece of a line: every control character a space, and nothing collapsed or
     * stripped, so that pieces made safe one by one (a snippet around its marked words) join into
     * the line they were cut from.
     */
    public static String piece(String text) {
        return CONTROLS.matcher(withoutBidiControls(text)).replaceAll(" ");
    }

    /** {@code text} with its line feeds and tabs, every other control character a space: for messages. */
    public static String multiLine(String text) {
        return CONTROLS_BUT_LINE_FEED_AND_TAB.matcher(withoutBidiControls(text)).replaceAll(" ");
    }

    private static String withoutBidiControls(String text) {
        return BIDI_CONTROLS.matcher(text).replaceAll("");
    }
}
