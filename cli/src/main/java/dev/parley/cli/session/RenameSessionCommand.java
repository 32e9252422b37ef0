package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley sessions rename ID TITLE}: gives a session you own a new title. */
@Command(
        name = "rename",
        mixinStandardHelpOptions = true,
        description = "Give a session you own a new title. With --json, prints the Session.",
        footer = {"", "Example:", "  parley sessions rename 12 'Release 1.0 planning'"})
public final class RenameSessionCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "TITLE",
            description = "The new title, up to 200 characters: the words joined by spaces.")
    private List<String> title;

    @Override
    public Integer call() {
        Session session = command.connection().client().renameSession(id, String.join(" ", title));
        PrintWriter out = command.out();
        JsonOutput.printResult(
                out,
                command.json(),
                session,
                "Renamed session " + session.id() + " to \"" + TerminalText.oneLine(session.title()) + "\"");
        return ExitCode.OK;
    }
}
