package dev.parley.cli;

import java.io.Console;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may take from the process it runs in: environment variables, standard input, the
 * terminal (for passwords) and the clock. Commands read these only from here, so that tests run
 * them with their own.
 *
 * @param terminal reads passwords without echo and answers to questions; null when standard input
 *     is not a terminal
 */
public record Environment(Map<String, String> variables, InputStream stdin, PasswordPrompt terminal, Clock clock) {

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
        PasswordPrompt terminal = console != null && isTerminal(console) ? consolePrompt(console) : null;
        return new Environment(System.getenv(), System.in, terminal, Clock.systemDefaultZone());
    }

    /** The variable's value, unless it is unset or blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
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
