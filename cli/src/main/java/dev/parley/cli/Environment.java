package dev.parley.cli;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may take from the process it runs in: environment variables, standard input, the
 * terminal (for passwords), the clock, and whether its output goes to a terminal, which decides,
 * here only, whether it may be coloured. Commands read these only from here, so that tests run
 * them with their own.
 *
 * @param terminal reads passwords without echo and answers to questions; null when standard input
 *     is not a terminal
 * @param outputTerminal whether standard output is a terminal (and standard input too: Java tells
 *     only of both)
 * @param errorTerminal whether standard error is a terminal as well
 */
public record Environment(
        Map<String, String> variables,
        InputStream stdin,
        PasswordPrompt terminal,
        Clock clock,
        boolean outputTerminal,
        boolean errorTerminal) {

    /** Reads a password from the terminal without echoing it; null at the end of input. */
    @FunctionalInterface
    public interface PasswordPrompt {
        char[] readPassword(String prompt);

        /** Asks a question on the terminal and reads the answer, echoed; null at the end of input. */
        default String readLine(String prompt) {
            char[] answer = readPassword(prompt);
            return answer == null ? null : new String(answer);
        }
    }

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** This process's environment, standard input, terminal and the system clock in the local zone. */
    public static Environment system() {
        Console console = System.console();
        boolean terminal = console != null && isTerminal(console);
        return new Environment(
                System.getenv(),
                System.in,
                terminal ? consolePrompt(console) : null,
                new SystemClock(),
                terminal,
                terminal && standardErrorIsTerminal());
    }

    /** The variable's value, unless it is unset or blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }

    /**
     * Whether text for people on standard output may be coloured: only on a terminal, and never
     * when {@code NO_COLOR} is set and not empty (no-color.org) or the terminal is dumb.
     */
    public boolean colourOutput() {
        return outputTerminal && colourWanted();
    }

    /** Whether the one line of an error on standard error may be coloured, by the same rules. */
    public boolean colourErrors() {
        return errorTerminal && colourWanted();
    }

    private boolean colourWanted() {
        String noColour = variables.get("NO_COLOR");
        return (noColour == null || noColour.isEmpty()) && !"dumb".equals(variables.get("TERM"));
    }

    public Optional<PasswordPrompt> passwordPrompt() {
        return Optional.ofNullable(terminal);
    }

    private static PasswordPrompt consolePrompt(Console console) {
        return new PasswordPrompt() {
            @Override
            public char[] readPassword(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }
        };
    }

    /**
     * The system clock in the local zone, which is looked up only when a time is shown: the first
     * look-up of a zone scans every jar on the class path for zone rules (ZoneRulesProvider's
     * ServiceLoader), a cost that {@code parley send} has no reason to pay.
     */
    private static final class SystemClock extends Clock {

        private ZoneId zone;

        @Override
        public synchronized ZoneId getZone() {
            if (zone == null) {
                zone = ZoneId.systemDefault();
            }
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return Clock.system(other);
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    }

    /**
     * Where the system says what file descriptor 2 is (Linux's /proc), whether it is a terminal;
     * elsewhere taken to be where standard output is, as it mostly is.
     */
    private static boolean standardErrorIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /**
     * From JDK 22 on, {@link System#console()} answers even when the streams are redirected, and
     * {@code Console.isTerminal()} tells; JDK 21 has no such method and answers null instead.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
