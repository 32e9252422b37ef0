package dev.parley.cli;

import dev.parley.server.ServerCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code parley server}: hands its arguments, {@code --help} included, to the server module's own
 * {@link ServerCommand}, which defines the options. That command is built only here, when the
 * server is asked for: building it into the command tree of every client command would make
 * picocli reflect on it and load server and Helidon classes that a client never uses. The server's
 * jars are on the class path only when the launcher runs this command (see cli/pom.xml).
 */
@Command(
        name = "server",
        description = "Run the Parley server (embedded SQLite) in the foreground until Ctrl-C;"
                + " 'parley server --help' lists its options.")
final class ServerSubcommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> arguments = new ArrayList<>();

    @Override
    public Integer call() {
        ServerCommand command;
        try {
            command = new ServerCommand();
        } catch (NoClassDefFoundError e) {
            // The cli jar does not name the server's jars: the launcher adds them for this command.
            throw new CommandFailure(
                    ExitCode.FAILURE,
                    "the server's classes are not on the class path;" + " start the server with ./parley server",
                    e);
        }
        CommandLine server = new CommandLine(command)
                .setCommandName(spec.qualifiedName())
                .setOut(spec.commandLine().getOut())
                .setErr(spec.commandLine().getErr())
                .setColorScheme(spec.commandLine().getColorScheme())
                .setParameterExceptionHandler(spec.commandLine().getParameterExceptionHandler())
                .setExecutionExceptionHandler(spec.commandLine().getExecutionExceptionHandler());
        return server.execute(arguments.toArray(String[]::new));
    }
}
