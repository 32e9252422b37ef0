package dev.parley.cli.session;

import dev.parley.api.Member;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley sessions invite ID EMAIL}: adds someone with an account to a session you own. */
@Command(
        name = "invite",
        mixinStandardHelpOptions = true,
        description = "Add the user with EMAIL (who has registered on this server) to a session you own;"
                + " from then on they read and post there. With --json, prints the Member.",
        footer = {"", "Example:", "  parley sessions invite 12 bob@example.com"})
public final class InviteCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Parameters(index = "1", paramLabel = "EMAIL", description = "The email the person registered with.")
    private String email;

    @Override
    public Integer call() {
        Member member = command.connection().client().addMember(id, email);
        PrintWriter out = command.out();
        JsonOutput.printResult(
                out, command.json(), member, "Added " + TerminalText.oneLine(member.email()) + " to session " + id);
        return ExitCode.OK;
    }
}
