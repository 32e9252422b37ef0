package dev.parley.cli;

import dev.parley.server.ServerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command tree and the one place that builds the {@link CommandLine}. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "Parley: a chat server and its command-line client.",
        subcommands = {ServerCommand.class, CommandLine.HelpCommand.class})
public final class Parley {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it exactly as the launcher does. */
    static CommandLine commandLine() {
        return new CommandLine(new Parley());
    }
}
