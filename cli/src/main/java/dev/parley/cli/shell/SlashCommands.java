package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.Parley;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.session.SessionLines;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.LineReader;
import picocli.CommandLine;

/**
 * The shell's slash commands. Listing, history, members, renaming, deleting and the outbox run the
 * command tree's own commands against the same server, printing into the shell, so that the shell
 * prints exactly as the commands do.
 */
final class SlashCommands {

    static final String OPEN = "/open";
    /** Before messages could be deleted, {@code /delete} deleted the session. */
    static final String DELETE_SESSION = "/delete-session";
    /** How many messages {@code /open} shows, and {@code /history} without N. */
    static final int RECENT = 20;

    private static final Map<String, String> COMMANDS = table();

    private final Environment environment;
    private final GlobalOptions global;
    private final Connection connection;
    private final ParleyClient client;
    private final LineReader reader;
    private final PrintWriter out;
    private final LiveFeed feed;
    private final MessageSlashCommands messages;

    SlashCommands(
            Environment environment,
            GlobalOptions global,
            Connection connection,
            ParleyClient client,
            LineReader reader,
            LiveFeed feed,
            MessageSlashCommands messages) {
        this.environment = environment;
        this.global = global;
        this.connection = connection;
        this.client = client;
        this.reader = reader;
        this.out = reader.getTerminal().writer();
        this.feed = feed;
        this.messages = messages;
    }

    /** Name to description, in the order {@code /help} lists them. */
    static Map<String, String> commands() {
        return COMMANDS;
    }

    private static Map<String, String> table() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("/help", "list these commands");
        commands.put("/sessions", "list your sessions, with how many messages are unread");
        commands.put(OPEN, "open a session and show its recent messages: /open ID");
        commands.put("/new", "create a session and open it: /new [TITLE]");
        commands.put("/history", "show the open session's last N messages (default " + RECENT + "): /history [N]");
        commands.put("/reply", "answer a message of the open session: /reply MESSAGE TEXT");
        commands.put("/edit", "give your latest message (or MESSAGE, yours) a new text: /edit [MESSAGE] TEXT");
        commands.put("/delete", "delete your latest message (or MESSAGE), after asking: /delete [MESSAGE]");
        commands.put("/search", "find messages in your sessions, newest first: /search QUERY");
        commands.put("/rename", "give the open session a new title: /rename TITLE");
        commands.put("/invite", "add someone to the open session (yours): /invite EMAIL");
        commands.put("/members", "list the people in the open session");
        commands.put("/remove", "take someone out of the open session (yours): /remove EMAIL");
        commands.put("/leave", "leave the open session (someone else's)");
        commands.put(DELETE_SESSION, "delete the open session (yours) with its messages, after asking");
        commands.put("/unread", "list the sessions with unread messages");
        commands.put("/quit", "leave the shell (Ctrl-D too)");
        return Collections.unmodifiableMap(commands);
    }

    /** Does what the slash command {@code line} says; false once it says to quit. */
    boolean run(String line) {
        String[] parts = line.split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1].strip() : "";
        switch (name) {
            case "/help" ->
                COMMANDS.forEach((command, description) -> out.printf("  %-15s %s%n", command, description));
            case "/quit" -> {
                return false;
            }
            case "/sessions" -> runCommand("sessions");
            case OPEN -> open(client.session(number(argument, "/open ID")));
            case "/new" -> {
                Session session = client.createSession(argument.isEmpty() ? null : argument);
                out.println(SessionLines.created(session));
                open(session);
            }
            case "/history" -> {
                long limit = argument.isEmpty() ? RECENT : number(argument, "/history [N]");
                runCommand("history", Long.toString(openSession().id()), "--limit", Long.toString(limit), "--ids");
            }
            case "/rename" -> rename(argument);
            case "/invite" -> {
                if (argument.isEmpty()) {
                    throw usage("/invite EMAIL");
                }
                runCommand("sessions", "invite", Long.toString(openSession().id()), "--", argument);
            }
            case "/remove" -> {
                if (argument.isEmpty()) {
                    throw usage("/remove EMAIL");
                }
                runCommand(
                        "sessions", "remove-member", Long.toString(openSession().id()), "--", argument);
            }
            case "/members" ->
                runCommand("sessions", "members", Long.toString(openSession().id()));
            case "/unread" -> runCommand("unread");
            case "/search" -> {
                if (argument.isEmpty()) {
                    throw usage("/search QUERY");
                }
                runCommand("search", "--", argument);
            }
            case "/leave" -> end("leave", openSession().id());
            case DELETE_SESSION -> deleteSession();
            case "/reply" -> messages.reply(openSession(), argument);
            case "/edit" -> messages.edit(openSession(), argument);
            case "/delete" -> messages.delete(openSession(), argument);
            default ->
                throw new CommandFailure(
                        ExitCode.USAGE, "unknown command " + name + "; /help lists the commands", null);
        }
        return true;
    }

    /** Shows the session's recent messages, then others' new ones as they come (see {@link LiveFeed}). */
    void open(Session session) {
        out.printf("Session %d \"%s\":%n", session.id(), TerminalText.oneLine(session.title()));
        out.flush();
        feed.open(session, RECENT);
    }

    private void rename(String title) {
        if (title.isEmpty()) {
            throw usage("/rename TITLE");
        }
        long id = openSession().id();
        feed.retitling(title);
        try {
            if (runCommand("sessions", "rename", Long.toString(id), "--", title) == ExitCode.OK) {
                feed.renamed(client.session(id));
            }
        } finally {
            feed.retitling(null);
        }
    }

    private void deleteSession() {
        Session session = openSession();
        String answer = reader.readLine("Delete session " + session.id() + " \""
                + TerminalText.oneLine(session.title()).replace("%", "%%") + "\" and its messages? [y/N] ");
        if (yes(answer)) {
            end("delete", session.id(), "--yes");
        } else {
            out.println("Kept session " + session.id());
        }
    }

    /** {@code sessions leave ID} or {@code sessions delete ID}: the session closes when the command succeeds. */
    private void end(String command, long id, String... options) {
        feed.ending(id);
        try {
            List<String> line = new ArrayList<>(List.of("sessions", command, Long.toString(id)));
            line.addAll(List.of(options));
            if (runCommand(line.toArray(String[]::new)) == ExitCode.OK) {
                feed.close(id);
            }
        } finally {
            feed.ending(null);
        }
    }

    /** Runs a command of the command tree against the same server, printing into the shell; its exit code. */
    int runCommand(String... args) {
        List<String> arguments =
                new ArrayList<>(List.of("--server", connection.server().toString()));
        if (global.verbose()) {
            arguments.add("--verbose");
        }
        arguments.addAll(List.of(args));
        String[] line = arguments.toArray(String[]::new);
        CommandLine commandLine = Parley.commandLine(environment, line);
        commandLine.setOut(out);
        commandLine.setErr(out);
        int code = commandLine.execute(line);
        out.flush();
        return code;
    }

    Session openSession() {
        return feed.current().orElseThrow(() -> usage("no session is open: /open ID or /new [TITLE] first"));
    }

    static boolean yes(String answer) {
        return answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes");
    }

    static long number(String argument, String usage) {
        try {
            long number = Long.parseLong(argument);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // the usage line below says it
        }
        throw usage(usage);
    }

    static CommandFailure usage(String message) {
        return new CommandFailure(ExitCode.USAGE, message.startsWith("/") ? "usage: " + message : message, null);
    }
}
