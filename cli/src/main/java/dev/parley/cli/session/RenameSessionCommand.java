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

/** {@code parley sessions rename ID TITLE}: gives a session you own a new title. */
@Command(name = "rename", mixinStandardHelpOptions = true,
        description = "Give a session you own a new title. With --json, prints the Session.",
        footer = {"", "Example:", "  parley sessions rename 12 'Release 1.0 planning'"})
public final class RenameSessionCommand implements Callable<Integer> {

    private final Environment environment;
    private final GlobalOptions global;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Parameters(index = "1", paramLabel = "TITLE", description = "The new title, up to 200 characters.")
    private String title;

    RenameSessionCommand(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public Integer call() {
        Session session = Connection.of(global, environment).client().renameSession(id, title);
        PrintWriter out = spec.commandLine().getOut();
        JsonOutput.printResult(out, global.json(), session,
                "Renamed session " + session.id() + " to \"" + TextOutput.printable(session.title()) + "\"");
        return ExitCode.OK;
    }
}
