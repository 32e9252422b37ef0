package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley sessions create [TITLE]}: starts a session of which you are the owner. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Start a new session; without TITLE the server gives it a default one."
                + " With --json, prints the Session.",
        footer = {"", "Examples:", "  parley sessions create Release planning", "  parley sessions create 'Book  club'"
        })
public final class CreateSessionCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(
            arity = "0..*",
            paramLabel = "TITLE",
            description = "The title, up to 200 characters: the words joined by spaces, as 'parley send' does.")
    private List<String> title = List.of();

    @Override
    public Integer call() {
        Session session = command.connection().client().createSession(title.isEmpty() ? null : String.join(" ", title));
        PrintWriter out = command.out();
        JsonOutput.printResult(out, command.json(), session, SessionLines.created(session));
        return ExitCode.OK;
    }
}
