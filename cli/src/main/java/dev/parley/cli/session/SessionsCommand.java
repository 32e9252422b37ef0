package dev.parley.cli.session;

import dev.parley.api.Session;
import dev.parley.api.Wire;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import dev.parley.cli.TextTable;
import dev.parley.cli.TextTable.Column;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code parley sessions}: lists your sessions, most recent activity first; the session commands hang below it. */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "List your sessions (your own and those you joined), most recent activity first:"
                + " id, title, how many people are in it, how many messages you have not read (blank"
                + " when none) and last activity in local time. With --json, one Session per line.",
        subcommands = {
            CreateSessionCommand.class,
            RenameSessionCommand.class,
            DeleteSessionCommand.class,
            InviteCommand.class,
            MembersCommand.class,
            RemoveMemberCommand.class,
            LeaveCommand.class
        },
        footer = {"", "Examples:", "  parley sessions", "  parley sessions --limit 5 --json"})
public final class SessionsCommand implements Callable<Integer> {

    /** Titles run to 200 characters; the table shows up to this many columns of one. */
    static final int TITLE_WIDTH = 40;

    @Mixin
    private CommandContext command;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "List only the N most recently active sessions, 1 to " + Wire.MAX_SESSION_PAGE
                    + " (default: all of them).")
    private Integer limit;

    @Override
    public Integer call() {
        if (limit != null && (limit < 1 || limit > Wire.MAX_SESSION_PAGE)) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "--limit must be between 1 and " + Wire.MAX_SESSION_PAGE + ", not " + limit);
        }
        Connection connection = command.connection();
        ParleyClient client = connection.client();
        PrintWriter out = command.out();
        List<Session> sessions = new ArrayList<>();
        if (limit != null) {
            sessions.addAll(client.listSessions(limit, null).sessions());
        } else {
            client.eachSessionPage(page -> sessions.addAll(page.sessions()));
        }
        if (command.json()) {
            sessions.forEach(session -> JsonOutput.print(out, session));
        }

        if (!command.json()) {
            printTable(out, sessions, connection.clock().getZone());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static void printTable(PrintWriter out, List<Session> sessions, ZoneId zone) {
        if (sessions.isEmpty()) {
            out.println("No sessions yet; start one with 'parley sessions create [TITLE]'");
            return;
        }
        TextTable table = new TextTable(
                Column.left("ID"),
                Column.left("TITLE", TITLE_WIDTH),
                Column.right("MEMBERS"),
                Column.right("UNREAD"),
                Column.left("LAST ACTIVITY"));
        for (Session session : sessions) {
            var lastActivity = session.lastMessageAt() != null ? session.lastMessageAt() : session.createdAt();
            String unread = session.unreadCount() > 0 ? Long.toString(session.unreadCount()) : "";
            table.row(
                    session.id(),
                    TerminalText.oneLine(session.title()),
                    session.memberCount(),
                    unread,
                    TextOutput.localTime(lastActivity, zone));
        }
        table.print(out);
    }
}
