package dev.parley.cli;

import picocli.CommandLine.Help.Ansi.Style;

/**
 * The few colours of the text output, for people reading it on a terminal: the {@code parley:} of
 * an error, the time and author of a message, and the words a search matched. Whether there is
 * colour at all is the {@link Environment}'s decision ({@link Environment#colourOutput()}), and
 * there is none with {@code --json}; a palette that is off hands every text back unchanged, but for
 * the matched words, which must stand out all the same.
 */
public final class Palette {

    private static final Palette OFF = new Palette(false);
    private static final Palette ON = new Palette(true);

    private final boolean on;

    private Palette(boolean on) {
        this.on = on;
    }

    /** The palette of standard output. */
    public static Palette output(Environment environment, GlobalOptions global) {
        return environment.colourOutput() && !global.json() ? ON : OFF;
    }

    /** The palette of standard error. */
    public static Palette errors(Environment environment, GlobalOptions global) {
        return environment.colourErrors() && !global.json() ? ON : OFF;
    }

    public boolean on() {
        return on;
    }

    /** {@code parley:}, in bold red: where a failure's line starts. */
    public String errorPrefix() {
        return paint("parley:", Style.bold, Style.fg_red);
    }

    public String time(String text) {
        return paint(text, Style.faint);
    }

    /** What is said about a message besides its text: (edited), (deleted), what it answers. */
    public String note(String text) {
        return paint(text, Style.faint);
    }

    public String author(String text) {
        return paint(text, Style.bold, Style.fg_cyan);
    }

    /** A word a search matched: in bold, or between asterisks without colour ({@code *word*}). */
    public String match(String text) {
        return on ? paint(text, Style.bold) : "*" + text + "*";
    }

    /** Ends with a reset rather than picocli's "bold off", which some terminals take for double underline. */
    private String paint(String text, Style... styles) {
        return on ? Style.on(styles) + text + Style.reset.on() : text;
    }
}
