package dev.parley.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every client command works with, mixed in ({@code @Mixin CommandContext command}) instead
 * of each command declaring the same fields and constructor: the {@link Environment}, the
 * {@link GlobalOptions} of its command line, and its own spec, for the streams it prints to.
 * {@link CommandFactory} builds it with the first two; picocli fills in the spec. The bare
 * {@code @Command} is what makes picocli take an option-less class as a mixin; it adds nothing.
 */
@Command
public final class CommandContext {

    private final Environment environment;
    private final GlobalOptions global;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    CommandContext(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    public Environment environment() {
        return environment;
    }

    public GlobalOptions global() {
        return global;
    }

    /** The command this context is mixed into. */
    public CommandSpec spec() {
        return spec;
    }

    /** Whether {@code --json} was given. */
    public boolean json() {
        return global.json();
    }

    /** The server, login and clients of this invocation. */
    public Connection connection() {
        return Connection.of(global, environment);
    }

    public PrintWriter out() {
        return spec.commandLine().getOut();
    }

    public PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The colours of standard output: none with {@code --json} or off a terminal. */
    public Palette palette() {
        return Palette.output(environment, global);
    }

    /**
     * Where to ask before a deletion there is no undo for: empty when {@code yes} (the command's
     * {@code --yes}) says not to ask. Without a terminal and without {@code yes}, a usage error (exit
     * code 2): nobody could answer, and a script must say what it means.
     */
    public Optional<Environment.PasswordPrompt> confirmationTerminal(boolean yes) {
        if (yes) {
            return Optional.empty();
        }
        return Optional.of(environment
                .passwordPrompt()
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "no terminal to confirm the deletion on; pass --yes to delete without asking")));
    }

    /** Whether the user answers {@code question} on {@code terminal} with y or yes; anything else is no. */
    public static boolean confirms(Environment.PasswordPrompt terminal, String question) {
        String answer = terminal.readLine(question);
        return answer != null
                && switch (answer.strip().toLowerCase(Locale.ROOT)) {
                    case "y", "yes" -> true;
                    default -> false;
                };
    }
}
