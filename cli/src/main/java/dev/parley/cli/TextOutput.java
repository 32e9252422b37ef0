package dev.parley.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How text output shows times: in the local zone (text is made safe by {@link TerminalText}). */
public final class TextOutput {

    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private TextOutput() {}

    /** {@code 2026-11-25 22:49}, in {@code zone}. */
    public static String localTime(Instant time, ZoneId zone) {
        return LOCAL_TIME.format(time.atZone(zone));
    }
}
