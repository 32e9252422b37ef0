package dev.parley.cli.session;

import dev.parley.api.Member;
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

/** {@code parley sessions invite ID EMAIL}: adds someone with an account to a session you own. */
@Command(name = "invite", mixinStandardHelpOptions = true,
        description = "Add the user with EMAIL (who has registered on this server) to a session you own;"
                + " from then on they read and post there. With --json, prints the Member.",
        footer = {"", "Example:", "  parley sessions invite 12 bob@example.com"})
public final class InviteCommand implements Callable<Integer> {

    private final Environment environment;

    @Spec
    private CommandSpec spec;

    private final GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Parameters(index = "1", paramLabel = "EMAIL", description = "The email the person registered with.")
    private String email;

    InviteCommand(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public Integer call() {
        Member member = Connection.of(global, environment).client().addMember(id, email);
        PrintWriter out = spec.commandLine().getOut();
        JsonOutput.printResult(out, global.json(), member,
                "Added " + TextOutput.printable(member.email()) + " to session " + id);
        return ExitCode.OK;
    }
}
