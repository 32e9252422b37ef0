package dev.parley.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How text output shows what came from the server: times in the local zone, text without control characters. */
public final class TextOutput {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private TextOutput() {
    }

    /** {@code 2026-11-25 22:49}, in {@code zone}. */
    public static String localTime(Instant time, ZoneId zone) {
        return LOCAL_TIME.format(time.atZone(zone));
    }

    /**
     * {@code text} with every control character but line feed and tab replaced by a space: other
     * users write these texts, and escape sequences must not reach the terminal.
     */
    public static String printable(String text) {
        return text.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", " ");
    }
}
