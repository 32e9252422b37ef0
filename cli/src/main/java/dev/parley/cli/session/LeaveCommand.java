package dev.parley.cli.session;

import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code parley sessions leave ID}: stops being a member of someone else's session. An owner cannot
 * leave (the server refuses: exit code 1); they delete the session instead.
 */
@Command(
        name = "leave",
        mixinStandardHelpOptions = true,
        description = "Leave a session someone else owns: you no longer read or post there, and a"
                + " 'parley watch' of it ends. The owner cannot leave; they delete the session instead.",
        footer = {"", "Example:", "  parley sessions leave 12"})
public final class LeaveCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    /** What {@code --json} prints: the API answers leaving with no body. */
    record Left(long id, boolean left) {}

    @Override
    public Integer call() {
        command.connection().client().leave(id);
        PrintWriter out = command.out();
        JsonOutput.printResult(out, command.json(), new Left(id, true), "Left session " + id);
        return ExitCode.OK;
    }
}
