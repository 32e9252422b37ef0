package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextTable;
import dev.parley.cli.TextTable.Column;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code parley unread}: the sessions with messages you have not read yet. */
@Command(
        name = "unread",
        mixinStandardHelpOptions = true,
        description = "List the sessions with messages you have not read ('parley history' and opening"
                + " a session in the shell read them), most recent activity first: id, title and how many"
                + " are unread. With --json, one Session per line (its unread_count says how many);"
                + " nothing when all is read.",
        footer = {"", "Examples:", "  parley unread", "  parley unread --json | jq -r '\"\\(.id) \\(.unread_count)\"'"})
public final class UnreadCommand implements Callable<Integer> {

    @Mixin
    private CommandContext command;

    @Override
    public Integer call() {
        List<Session> unread = command.connection().client().allSessions().stream()
                .filter(session -> session.unreadCount() > 0)
                .toList();
        PrintWriter out = command.out();
        if (command.json()) {
            unread.forEach(session -> JsonOutput.print(out, session));
        } else if (unread.isEmpty()) {
            out.println("Nothing unread");
        } else {
            printTable(out, unread);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, List<Session> sessions) {
        TextTable table = new TextTable(
                Column.left("ID"), Column.left("TITLE", SessionsCommand.TITLE_WIDTH), Column.left("UNREAD"));
        for (Session session : sessions) {
            table.row(session.id(), TerminalText.oneLine(session.title()), session.unreadCount());
        }
        table.print(out);
    }
}
