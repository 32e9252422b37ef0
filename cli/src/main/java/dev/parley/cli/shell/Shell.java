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
import dev.parley.cli.session.SessionLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import picocli.CommandLine;

/**
 * The shell's read-and-do loop. Listing, history, members, renaming, deleting and the outbox run
 * the command tree's own commands, and messages go through {@link OutboxSender}, so the shell
 * prints and sends exactly as the commands do; what happens around the user, live, comes through
 * a {@link LiveFeed}. Every failure is one line, and the shell carries on; its exit code is that of
 * the last line it could not send (0 when all were sent), so that a script piping lines in knows.
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
    /** How many times a line the server refuses for now (429) is sent again, each after its Retry-After. */
    private static final int BUSY_ATTEMPTS = 60;

    private final LineReader reader;
    private final boolean dumb;
    private final LiveFeed feed;
    /** Held while sending: the outbox drains before any new line, and lines go one at a time. */
    private final Object sending = new Object();

    private int exitCode = ExitCode.OK;

    Shell(
            Environment environment,
            GlobalOptions global,
            Connection connection,
            ParleyClient client,
            Terminal terminal,
            String user) {
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
        this.dumb =
                Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        if (!dumb) {
            // A sent line is shown once, as the message the server stored, not also as typed.
            builder.option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
        }
        this.reader = builder.build();
        this.feed = new LiveFeed(
                client, reader, connection.clock().getZone(), palette, user, this::promptChanged, this::drainOutbox);
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
        commands.put("/remove", "take someone out of the open session (yours): /remove EMAIL");
        commands.put("/leave", "leave the open session (someone else's)");
        commands.put("/delete", "delete the open session (yours) with its messages, after asking");
        commands.put("/unread", "list the sessions with unread messages");
        commands.put("/quit", "leave the shell (Ctrl-D too)");
        return commands;
    }

    /**
     * Runs until /quit or Ctrl-D, with {@code initial} open (if not null), or session
     * {@code openLater} once the server answers (if not null: the shell started while it was down).
     * Returns the exit code.
     */
    int run(Session initial, Long openLater) {
        out.println(
                "Parley shell: a line is sent to the open session; /help lists the commands; /quit or Ctrl-D leaves.");
        if (initial != null) {
            open(initial);
        } else if (openLater != null) {
            feed.openWhenReachable(openLater);
        }
        out.flush();
        feed.start();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: the line is dropped, the shell stays
                } catch (EndOfFileException e) {
                    return exitCode;
                }
                if (!handle(line)) {
                    return exitCode;
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
                if (!dumb) {
                    out.println(prompt().replace("%%", "%") + line); // the typed line was erased: commands stay in view
                }
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
            case "/help" ->
                COMMANDS.forEach((command, description) -> out.printf("  %-10s %s%n", command, description));
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
                runCommand("history", Long.toString(openSession().id()), "--limit", Long.toString(limit));
            }
            case "/rename" -> {
                if (argument.isEmpty()) {
                    throw usage("/rename TITLE");
                }
                long id = openSession().id();
                feed.retitling(argument);
                try {
                    if (runCommand("sessions", "rename", Long.toString(id), "--", argument) == ExitCode.OK) {
                        feed.renamed(client.session(id));
                    }
                } finally {
                    feed.retitling(null);
                }
            }
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
            case "/leave" -> end("leave", openSession().id());
            case "/delete" -> {
                Session session = openSession();
                String answer = reader.readLine("Delete session " + session.id() + " \""
                        + TerminalText.oneLine(session.title()).replace("%", "%%") + "\" and its messages? [y/N] ");
                if (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes")) {
                    end("delete", session.id(), "--yes");
                } else {
                    out.println("Kept session " + session.id());
                }
            }
            default -> error("unknown command " + name + "; /help lists the commands");
        }
        return true;
    }

    /** Shows the session's recent messages, then others' new ones as they come (see {@link LiveFeed}). */
    private void open(Session session) {
        out.printf("Session %d \"%s\":%n", session.id(), TerminalText.oneLine(session.title()));
        out.flush();
        feed.open(session, RECENT);
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

    /**
     * Sends {@code text} to the open session, after what the outbox holds for this server. A line
     * the server refuses for now (429, pasting a block) is sent again after its Retry-After, as
     * often as it takes up to {@value #BUSY_ATTEMPTS} times; a line not sent sets the exit code.
     */
    private void send(String text) {
        long sessionId = openSession().id();
        synchronized (sending) {
            for (int attempt = 1; ; attempt++) {
                try {
                    feed.show(new OutboxSender(connection, outbox).send(sessionId, text, outboxReport(out)));
                    return;
                } catch (ApiFailure e) {
                    Optional<Duration> wait = e.retryAfter();
                    if (e.status() != 429 || wait.isEmpty() || attempt == BUSY_ATTEMPTS) {
                        exitCode = ExitCode.of(e.kind());
                        throw e;
                    }
                    error("the server is busy (" + e.getMessage() + "); sending the line again in "
                            + wait.get().toSeconds() + " s");
                    out.flush();
                    pause(wait.get());
                } catch (CommandFailure e) {
                    exitCode = e.exitCode();
                    throw e;
                }
            }
        }
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.isZero() ? Duration.ofMillis(100) : wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server answers again (on the feed's thread): what waited in the outbox goes first. */
    private void drainOutbox() {
        synchronized (sending) {
            StringWriter printed = new StringWriter();
            PrintWriter to = new PrintWriter(printed);
            try {
                new OutboxSender(connection, outbox).drain(outboxReport(to));
            } catch (CommandFailure | ApiFailure | CredentialsException e) {
                to.println(errorLine(palette, e.getMessage()));
            }
            to.flush();
            printed.toString().lines().forEach(reader::printAbove);
        }
    }

    /** Tells, on {@code to}, each message sent from the outbox before the line typed, and each dropped. */
    private OutboxReport outboxReport(PrintWriter to) {
        return new OutboxReport(
                to,
                false,
                "sent first, from the outbox: ",
                to,
                palette,
                connection.clock().getZone());
    }

    /** Runs a command of the command tree against the same server, printing into the shell; its exit code. */
    private int runCommand(String... args) {
        return runCommand(out, args);
    }

    private int runCommand(PrintWriter to, String... args) {
        List<String> arguments =
                new ArrayList<>(List.of("--server", connection.server().toString()));
        if (global.verbose()) {
            arguments.add("--verbose");
        }
        arguments.addAll(List.of(args));
        String[] line = arguments.toArray(String[]::new);
        CommandLine commandLine = Parley.commandLine(environment, line);
        commandLine.setOut(to);
        commandLine.setErr(to);
        int code = commandLine.execute(line);
        to.flush();
        return code;
    }

    private Session openSession() {
        return feed.current().orElseThrow(() -> usage("no session is open: /open ID or /new [TITLE] first"));
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
        // The email comes from the token, which the client cannot verify: no control characters reach the terminal.
        StringBuilder prompt = new StringBuilder(TerminalText.oneLine(user));
        feed.current()
                .ifPresent(current -> prompt.append(" #")
                        .append(current.id())
                        .append(' ')
                        .append(TerminalText.oneLine(current.title())));
        String unread = feed.unreadElsewhere();
        if (!unread.isEmpty()) {
            prompt.append(' ').append(unread);
        }
        // JLine expands %-sequences in prompts; a literal one is doubled.
        return prompt.append("> ").toString().replace("%", "%%");
    }

    /** The open session or the unread counts changed (on the feed's thread): the prompt follows at once. */
    private void promptChanged() {
        if (!(reader instanceof LineReaderImpl impl)) {
            return;
        }
        impl.setPrompt(prompt()); // the prompt of the line being read; LineReader has no word for it
        if (dumb) {
            return; // the next prompt is printed afresh; a dumb terminal cannot redraw this one
        }
        try {
            reader.callWidget(LineReader.REDISPLAY);
        } catch (IllegalStateException e) {
            // Not reading a line now: the next prompt is the new one.
        }
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
