package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley sessions create [TITLE]}: starts a session of which you are the owner. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Start a new session; without TITLE the server gives it a default one."
                + " With --json, prints the Session.",
        footer = {"", "Example:", "  parley sessions create 'Release planning'"})
public final class CreateSessionCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TITLE", description = "The title, up to 200 characters.")
    private String title;

    @Override
    public Integer call() {
        Session session = command.connection().client().createSession(title);
        PrintWriter out = command.out();
        JsonOutput.printResult(out, command.json(), session,
                "Created session " + session.id() + " \"" + TerminalText.oneLine(session.title()) + "\"");
        return ExitCode.OK;
    }
}
