package dev.parley.cli.account;

import dev.parley.cli.Environment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Where a password comes from: the terminal, typed without echo, or with {@code --password-stdin}
 * the first line of standard input. Never a command-line argument, which other users can see in
 * the process list and which lands in shell history.
 */
final class PasswordOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--password-stdin",
            description = "Read the password from the first line of standard input (for scripts).")
    private boolean fromStdin;

    /** The password; asked twice on a terminal when {@code confirm}, as a typo would lock the user out. */
    String read(Environment environment, String prompt, boolean confirm) {
        String password = fromStdin ? firstLine(environment) : typed(environment, prompt, confirm);
        if (password.isEmpty()) {
            throw new ParameterException(command.commandLine(), "the password is empty");
        }
        return password;
    }

    private String firstLine(Environment environment) {
        try {
            var reader = new BufferedReader(new InputStreamReader(environment.stdin(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null) {
                throw new ParameterException(
                        command.commandLine(), "--password-stdin: standard input ended before a password");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from standard input", e);
        }
    }

    private String typed(Environment environment, String prompt, boolean confirm) {
        Environment.PasswordPrompt terminal = environment
                .passwordPrompt()
                .orElseThrow(() -> new ParameterException(
                        command.commandLine(),
                        "no terminal to type the password on; pipe it in with --password-stdin"));
        String password = ask(terminal, prompt);
        if (confirm && !password.equals(ask(terminal, "Repeat the password: "))) {
            throw new ParameterException(command.commandLine(), "the two passwords differ");
        }
        return password;
    }

    private String ask(Environment.PasswordPrompt terminal, String prompt) {
        char[] typed = terminal.readPassword(prompt);
        if (typed == null) {
            throw new ParameterException(command.commandLine(), "no password typed");
        }
        try {
            return new String(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }
}
