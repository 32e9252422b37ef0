package dev.parley.cli.shell;

import dev.parley.api.Session;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.Connection;
import dev.parley.cli.Environment;
import dev.parley.cli.GlobalOptions;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.credentials.CredentialsException;
import dev.parley.cli.outbox.Outbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The shell's read-and-do loop: a line that starts with {@code /} is a {@link SlashCommands slash
 * command}, any other is sent to the open session by the {@link LineSender}; what happens around
 * the user, live, comes through a {@link LiveFeed}. Every failure is one line, and the shell carries
 * on; its exit code is that of the last line it could not send (0 when all were sent), so that a
 * script piping lines in knows.
 */
final class Shell {

    private final PrintWriter out;
    private final Palette palette;
    private final ParleyClient client;
    private final LineReader reader;
    private final boolean dumb;
    private final Prompt prompt;
    private final LineSender sender;
    private final LiveFeed feed;
    private final SlashCommands commands;

    Shell(
            Environment environment,
            GlobalOptions global,
            Connection connection,
            ParleyClient client,
            Terminal terminal,
            String user) {
        this.out = terminal.writer();
        this.palette = Palette.output(environment, global);
        this.client = client;
        DefaultParser parser = new DefaultParser();
        // A message is text, not shell syntax: an apostrophe or a trailing backslash ends nothing.
        parser.setEofOnUnclosedQuote(false);
        parser.setEofOnEscapedNewLine(false);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("parley")
                .parser(parser)
                .completer(new ShellCompleter(SlashCommands.commands(), this::sessionsForCompletion))
                // '!' in a message is punctuation, not a history reference.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        Path history = ShellHistory.file(environment, this::error);
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
        this.prompt = new Prompt(user, reader, dumb);
        this.sender = new LineSender(connection, Outbox.locate(environment.variables()), out, palette);
        this.feed = new LiveFeed(
                client,
                reader,
                connection.clock(),
                palette,
                user,
                this::promptChanged,
                () -> sender.drain(reader::printAbove));
        this.commands = new SlashCommands(
                environment,
                global,
                connection,
                client,
                reader,
                feed,
                new MessageSlashCommands(client, reader, feed, sender, user));
    }

    /**
     * Runs until /quit or Ctrl-D, with {@code initial} open (if not null), or session
     * {@code openLater} once the server answers (if not null: the shell started while it was down).
     * Returns the exit code.
     */
    int run(Session initial, Long openLater) {
        out.println(
                "Parley shell: a line is sent to the open session; /help lists the commands; /quit or Ctrl-D leaves.");
        if (initial == null && openLater != null) {
            feed.openWhenReachable(openLater);
        }
        // Before the session opens: the feed reads where its stream starts before the history is read.
        feed.start();
        if (initial != null) {
            commands.open(initial);
        }
        out.flush();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt.text(feed));
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: the line is dropped, the shell stays
                } catch (EndOfFileException e) {
                    return sender.exitCode();
                }
                if (!handle(line)) {
                    return sender.exitCode();
                }
                out.flush();
            }
        } finally {
            feed.close();
            ShellHistory.save(reader, this::error);
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
                    out.println(prompt.shown(feed) + line); // the typed line was erased: commands stay in view
                }
                return commands.run(trimmed);
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

    /** The open session or the unread counts changed (on the feed's thread). */
    private void promptChanged() {
        prompt.redraw(feed);
    }

    private void send(String text) {
        sender.send(commands.openSession().id(), text, null, feed::show);
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
}
