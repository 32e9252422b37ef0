package dev.parley.cli;

import java.util.regex.Pattern;

/**
 * The one filter for text that came from a server (messages, titles, emails, error details) on its
 * way to a terminal: every control character ({@code \p{Cc}}, C0 and C1 alike: U+009B is a CSI and
 * U+009D an OSC on many terminals) becomes a space, and the bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), which make text read in another order than it is stored, are
 * dropped. Line feeds and tabs survive only in {@link #multiLine}. {@code --json} escapes the same
 * characters instead ({@link JsonOutput}).
 */
public final class TerminalText {

    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private TerminalText() {}

    /** {@code text} on one line: every control character a space, runs of spaces one, no spaces at the ends. */
    public static String oneLine(String text) {
        return SPACES.matcher(filtered(text, false)).replaceAll(" ").strip();
    }

    /**
     * {@code text} as a piece of a line: every control character a space, and nothing collapsed or
     * stripped, so that pieces made safe one by one (a snippet around its marked words) join into
     * the line they were cut from.
     */
    public static String piece(String text) {
        return filtered(text, false);
    }

    /** {@code text} with its line feeds and tabs, every other control character a space: for messages. */
    public static String multiLine(String text) {
        return filtered(text, true);
    }

    /**
     * Whether a terminal may act on {@code c} rather than show it: the characters this filter takes
     * out. Both kinds lie in the Basic Multilingual Plane, so no surrogate pair is ever one.
     */
    static boolean actsOnTerminal(char c) {
        return Character.getType(c) == Character.CONTROL || isBidiControl(c);
    }

    private static boolean isBidiControl(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    private static String filtered(String text, boolean keepLineFeedsAndTabs) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBidiControl(c)) {
                continue;
            }
            boolean kept = !actsOnTerminal(c) || (keepLineFeedsAndTabs && (c == '\n' || c == '\t'));
            safe.append(kept ? c : ' ');
        }
        return safe.toString();
    }
}
