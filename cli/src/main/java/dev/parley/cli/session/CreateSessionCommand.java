package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TextOutput;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley sessions create [TITLE]}: starts a session of which you are the owner. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Start a new session; without TITLE the server gives it a default one."
                + " With --json, prints the Session.",
        footer = {"", "Example:", "  parley sessions create 'Release planning'"})
public final class CreateSessionCommand implements Callable<Integer> {

    private final Environment environment;
    private final GlobalOptions global;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TITLE", description = "The title, up to 200 characters.")
    private String title;

    CreateSessionCommand(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public Integer call() {
        Session session = Connection.of(global, environment).client().createSession(title);
        PrintWriter out = spec.commandLine().getOut();
        JsonOutput.printResult(out, global.json(), session,
                "Created session " + session.id() + " \"" + TextOutput.printable(session.title()) + "\"");
        return ExitCode.OK;
    }
}
