package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.ExitCode;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.Palette;
import dev.parley.cli.Parley;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.credentials.CredentialsException;
import dev.parley.cli.files.PrivateFiles;
import dev.parley.cli.outbox.Outbox;
import dev.parley.cli.outbox.OutboxReport;
import dev.parley.cli.outbox.OutboxSender;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The shell's read-and-do loop. Listing, history and members run the command tree's own
 * {@code sessions}, {@code history} and {@code sessions members} commands, and messages go through
 * {@link OutboxSender}, so the shell prints and sends exactly as the commands do; the open
 * session's messages, recent and live, come through a {@link LiveFeed}. Every failure is one line,
 * and the shell carries on.
 */
final class Shell {

    static final String OPEN = "/open";
    static final String FILE_NAME = "history";
    /** How many messages {@code /open} shows, and {@code /history} without N. */
    static final int RECENT = 20;

    private static final Map<String, String> COMMANDS = commands();

    private final Environment environment;
    private final GlobalOptions global;
    private final Connection connection;
    private final ParleyClient client;
    private final Outbox outbox;
    private final String user;
    private final PrintWriter out;
    private final Palette palette;
    private final LineReader reader;
    private final LiveFeed feed;
    private Session current;

    Shell(Environment environment, GlobalOptions global, Connection connection, ParleyClient client,
            Terminal terminal, String user) {
        this.environment = environment;
        this.global = global;
        this.connection = connection;
        this.client = client;
        this.outbox = Outbox.locate(environment.variables());
        this.user = user;
        this.out = terminal.writer();
        this.palette = Palette.output(environment, global);
        DefaultParser parser = new DefaultParser();
        // A message is text, not shell syntax: an apostrophe or a trailing backslash ends nothing.
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .parser(parser)
                .completer(new ShellCompleter(COMMANDS, this::sessionsForCompletion))
                // '!' in a message is punctuation, not a history reference.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        Path history = historyFile();
        if (history != null) {
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        this.reader = builder.build();
        this.feed = new LiveFeed(client, reader, connection.clock().getZone(), palette);
    }

    static Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("/help", "list these commands");
        commands.put("/sessions", "list your sessions, with how many messages are unread");
        commands.put(OPEN, "open a session and show its recent messages: /open ID");
        commands.put("/new", "create a session and open it: /new [TITLE]");
        commands.put("/history", "show the open session's last N messages (default " + RECENT + "): /history [N]");
        commands.put("/rename", "give the open session a new title: /rename TITLE");
        commands.put("/invite", "add someone to the open session (yours): /invite EMAIL");
        commands.put("/members", "list the people in the open session");
        commands.put("/leave", "leave the open session (someone else's)");
        commands.put("/quit", "leave the shell (Ctrl-D too)");
        return commands;
    }

    void run(Session initial) {
        out.println("Parley shell: a line is sent to the open session; /help lists the commands; /quit or Ctrl-D leaves.");
        if (initial != null) {
            open(initial);
        }
        out.flush();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: the line is dropped, the shell stays
                } catch (EndOfFileException e) {
                    return;
                }
                if (!handle(line)) {
                    return;
                }
                out.flush();
            }
        } finally {
            feed.close();
            saveHistory();
            out.flush();
        }
    }

    /** Does what {@code line} says; false once it says to quit. */
    private boolean handle(String line) {
        try {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                return true;
            }
            if (trimmed.startsWith("//")) {
                send(line.substring(line.indexOf('/') + 1)); // '//' starts a message that starts with '/'
            } else if (trimmed.startsWith("/")) {
                return command(trimmed);
            } else {
                send(line);
            }
        } catch (ApiFailure | CommandFailure | CredentialsException e) {
            error(e.getMessage());
        } catch (RuntimeException e) {
            error("unexpected failure: " + e);
        }
        return true;
    }

    private boolean command(String line) {
        String[] parts = line.split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1].strip() : "";
        switch (name) {
            case "/help" -> COMMANDS.forEach((command, description) -> out.printf("  %-10s %s%n", command, description));
            case "/quit" -> {
                return false;
            }
            case "/sessions" -> runCommand("sessions");
            case OPEN -> open(client.session(number(argument, "/open ID")));
            case "/new" -> {
                Session session = client.createSession(argument.isEmpty() ? null : argument);
                out.printf("Created session %d \"%s\"%n", session.id(), TerminalText.oneLine(session.title()));
                open(session);
            }
            case "/history" -> {
                long limit = argument.isEmpty() ? RECENT : number(argument, "/history [N]");
                runCommand("history", Long.toString(openSession().id()), "--limit", Long.toString(limit));
            }
            case "/rename" -> {
                if (argument.isEmpty()) {
                    throw usage("/rename TITLE");
                }
                current = client.renameSession(openSession().id(), argument);
                out.printf("Renamed session %d to \"%s\"%n", current.id(), TerminalText.oneLine(current.title()));
            }
            case "/invite" -> {
                if (argument.isEmpty()) {
                    throw usage("/invite EMAIL");
                }
                runCommand("sessions", "invite", Long.toString(openSession().id()), argument);
            }
            case "/members" -> runCommand("sessions", "members", Long.toString(openSession().id()));
            case "/leave" -> {
                long id = openSession().id();
                client.leave(id);
                feed.stop();
                current = null;
                out.println("Left session " + id);
            }
            default -> error("unknown command " + name + "; /help lists the commands");
        }
        return true;
    }

    /** Shows the session's recent messages, then others' new ones as they come (see {@link LiveFeed}). */
    private void open(Session session) {
        current = session;
        out.printf("Session %d \"%s\":%n", session.id(), TerminalText.oneLine(session.title()));
        out.flush();
        feed.open(session.id(), RECENT);
    }

    private void send(String text) {
        feed.show(new OutboxSender(connection, outbox).send(openSession().id(), text,
                new OutboxReport(out, false, "sent first, from the outbox: ", out, palette, connection.clock().getZone())));
    }

    /** Runs a command of the command tree against the same server, printing into the shell. */
    private void runCommand(String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("--server");
        arguments.add(connection.server().toString());
        if (global.verbose()) {
            arguments.add("--verbose");
        }
        String[] line = arguments.toArray(String[]::new);
        CommandLine commandLine = Parley.commandLine(environment, line);
        commandLine.setOut(out);
        commandLine.setErr(out);
        commandLine.execute(line);
    }

    private Session openSession() {
        if (current == null) {
            throw usage("no session is open: /open ID or /new [TITLE] first");
        }
        return current;
    }

    private static long number(String argument, String usage) {
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

    private static CommandFailure usage(String message) {
        return new CommandFailure(ExitCode.USAGE, message.startsWith("/") ? "usage: " + message : message, null);
    }

    private String prompt() {
        StringBuilder prompt = new StringBuilder(user);
        if (current != null) {
            prompt.append(" #").append(current.id()).append(' ')
                    .append(TerminalText.oneLine(current.title()));
        }
        // JLine expands %-sequences in prompts; a literal one is doubled.
        return prompt.append("> ").toString().replace("%", "%%");
    }

    private List<Session> sessionsForCompletion() {
        try {
            return client.listSessions(100, null).sessions();
        } catch (RuntimeException e) {
            return List.of(); // no candidates rather than a failure in the middle of the line
        }
    }

    private void error(String message) {
        out.println(errorLine(palette, message));
    }

    /** {@code parley: message} on one line: messages quote the server, whose control characters stay out. */
    static String errorLine(Palette palette, String message) {
        String line = message == null ? "failed" : TerminalText.oneLine(message);
        return palette.errorPrefix() + " " + line;
    }

    /**
     * {@code $XDG_STATE_HOME/parley/history} (default {@code ~/.local/state/parley/history}), owner-only;
     * a history kept in {@code $XDG_CONFIG_HOME/parley/} by earlier versions is moved there. Null (no
     * saved history) when it cannot be made.
     */
    private Path historyFile() {
        Path directory = PrivateFiles.stateDirectory(environment.variables());
        Path file = directory.resolve(FILE_NAME);
        Path old = PrivateFiles.configDirectory(environment.variables()).resolve(FILE_NAME);
        try {
            Files.createDirectories(directory.getParent());
            PrivateFiles.createDirectory(directory);
            if (Files.notExists(file) && Files.isRegularFile(old)) {
                Files.move(old, file);
            }
            if (Files.notExists(file)) {
                Files.createFile(file, PrivateFiles.ownerOnly(PrivateFiles.OWNER_ONLY_FILE));
            } else if (!PrivateFiles.tooOpen(file).isEmpty()) {
                Files.setPosixFilePermissions(file, PrivateFiles.OWNER_ONLY_FILE);
            }
            return file;
        } catch (IOException e) {
            error("cannot keep the shell's history in " + file + ": " + PrivateFiles.describe(e));
            return null;
        }
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            error("cannot save the shell's history: " + PrivateFiles.describe(e));
        }
    }
}
