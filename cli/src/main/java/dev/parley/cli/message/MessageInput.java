package dev.parley.cli.message;

import dev.parley.cli.CommandContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.ParameterException;

/**
 * The text of a message as {@code send} and {@code edit} take it: the words of TEXT joined by
 * spaces, or all of standard input without its trailing newline, with {@code -} or when no TEXT is
 * given and standard input is not a terminal.
 */
final class MessageInput {

    private static final String STDIN = "-";

    private MessageInput() {}

    /** The text; {@code nothing} says what the command would do without one, for the usage error. */
    static String read(CommandContext command, List<String> words, String nothing) {
        if (words.equals(List.of(STDIN))) {
            return standardInput(command, nothing);
        }
        if (!words.isEmpty()) {
            return String.join(" ", words);
        }
        if (command.environment().passwordPrompt().isPresent()) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "nothing to " + nothing + ": give the TEXT, or '-' to read standard input");
        }
        return standardInput(command, nothing);
    }

    private static String standardInput(CommandContext command, String nothing) {
        String input;
        try {
            input = new String(command.environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message from standard input", e);
        }
        if (input.isEmpty()) {
            throw new ParameterException(
                    command.spec().commandLine(), "standard input is empty: nothing to " + nothing);
        }
        if (input.endsWith("\r\n")) {
            return input.substring(0, input.length() - 2);
        }
        return input.endsWith("\n") ? input.substring(0, input.length() - 1) : input;
    }
}
