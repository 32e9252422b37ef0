package dev.parley.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The launchers' settings as {@code jvm-options} at the repository's root holds them (a POSIX sh
 * file the launchers source): each {@code NAME="value"} or {@code NAME=value} line, so that a test
 * runs a server as the launcher does without a second copy of its flags.
 */
final class LauncherSettings {

    /** From the module's directory, where the tests run. */
    private static final Path FILE = Path.of("..", "jvm-options");

    /** An assignment without expansions or escapes, quoted or one plain word. */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^([A-Z0-9_]+)=(?:\"([^\"$`\\\\]*)\"|([^\\s\"'$`\\\\]*))$");

    private final Map<String, String> values;

    private LauncherSettings(Map<String, String> values) {
        this.values = values;
    }

    static LauncherSettings read() {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(FILE)) {
                Matcher assignment = ASSIGNMENT.matcher(line);
                if (assignment.matches()) {
                    String quoted = assignment.group(2);
                    values.put(assignment.group(1), quoted != null ? quoted : assignment.group(3));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launchers' settings in " + FILE.toAbsolutePath(), e);
        }
        return new LauncherSettings(values);
    }

    /** A setting's value; one the file does not hold fails the test. */
    String value(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set in " + FILE.toAbsolutePath());
        }
        return value;
    }

    /** A setting's words, as the launchers' unquoted expansion splits them. */
    List<String> words(String name) {
        return Arrays.stream(value(name).trim().split("\\s+")).toList();
    }
}
