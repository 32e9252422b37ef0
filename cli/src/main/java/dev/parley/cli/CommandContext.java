package dev.parley.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
}
