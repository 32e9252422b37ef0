package dev.parley.cli.session;

import dev.parley.api.Member;
import dev.parley.api.MemberList;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TextOutput;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code parley sessions members ID}: who is in a session. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "List the people in a session, the owner included, in the order they joined:"
                + " email, role (owner or member) and when they joined, in local time."
                + " With --json, one Member per line.",
        footer = {"", "Examples:", "  parley sessions members 12", "  parley sessions members 12 --json | jq -r .email"})
public final class MembersCommand implements Callable<Integer> {

    private final Environment environment;

    @Spec
    private CommandSpec spec;

    private final GlobalOptions global;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    MembersCommand(Environment environment, GlobalOptions global) {
        this.environment = environment;
        this.global = global;
    }

    @Override
    public Integer call() {
        Connection connection = Connection.of(global, environment);
        MemberList members = connection.client().members(id);
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            members.members().forEach(member -> JsonOutput.print(out, member));
        } else {
            printTable(out, members, connection.clock().getZone());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, MemberList members, ZoneId zone) {
        int emailWidth = "EMAIL".length();
        for (Member member : members.members()) {
            emailWidth = Math.max(emailWidth, TextOutput.printable(member.email()).length());
        }
        String row = "%-" + emailWidth + "s  %-6s  %s%n";
        out.printf(row, "EMAIL", "ROLE", "JOINED");
        for (Member member : members.members()) {
            out.printf(row, TextOutput.printable(member.email()), member.role().name().toLowerCase(Locale.ROOT),
                    TextOutput.localTime(member.joinedAt(), zone));
        }
    }
}
