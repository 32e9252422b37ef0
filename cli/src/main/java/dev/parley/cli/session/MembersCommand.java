package dev.parley.cli.session;

import dev.parley.api.Member;
import dev.parley.api.MemberList;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import dev.parley.cli.TextTable;
import dev.parley.cli.TextTable.Column;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parley sessions members ID}: who is in a session. */
@Command(
        name = "members",
        mixinStandardHelpOptions = true,
        description = "List the people in a session, the owner included, in the order they joined:"
                + " email, role (owner or member) and when they joined, in local time."
                + " With --json, one Member per line.",
        footer = {"", "Examples:", "  parley sessions members 12", "  parley sessions members 12 --json | jq -r .email"
        })
public final class MembersCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "ID", description = "The session's id.")
    private long id;

    @Override
    public Integer call() {
        Connection connection = command.connection();
        MemberList members = connection.client().members(id);
        PrintWriter out = command.out();
        if (command.json()) {
            members.members().forEach(member -> JsonOutput.print(out, member));
        } else {
            printTable(out, members, connection.clock().getZone());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, MemberList members, ZoneId zone) {
        TextTable table = new TextTable(Column.left("EMAIL"), Column.left("ROLE"), Column.left("JOINED"));
        for (Member member : members.members()) {
            table.row(
                    TerminalText.oneLine(member.email()),
                    member.role().name().toLowerCase(Locale.ROOT),
                    TextOutput.localTime(member.joinedAt(), zone));
        }
        table.print(out);
    }
}
