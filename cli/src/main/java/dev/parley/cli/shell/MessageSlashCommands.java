package dev.parley.cli.shell;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.CommandFailure;
import dev.parley.cli.ExitCode;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextTable;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.LineReader;

/**
 * The shell's commands on the open session's messages: {@code /reply MESSAGE TEXT},
 * {@code /edit [MESSAGE] TEXT} and {@code /delete [MESSAGE]}, the last two on the user's latest
 * message unless one is named. A message is named by its id, as the shell shows it ({@code 340}
 * or {@code #340}); so a new text that starts with a number needs the id before it. What they do is
 * shown as the session's messages are, once: the reply, the message edited, its tombstone.
 */
final class MessageSlashCommands {

    /** How far back the user's latest message is looked for: one page of the latest messages. */
    static final int OWN_WINDOW = 100;

    /** How many terminal columns of the message's first line the question about deleting it shows. */
    private static final int QUESTION_WIDTH = 40;

    /** {@code 340 rest} or {@code #340 rest}: a message's id, then what follows it. */
    private static final Pattern NAMED = Pattern.compile("#?(\\d{1,18})(?:\\s+(.*))?", Pattern.DOTALL);

    private final ParleyClient client;
    private final LineReader reader;
    private final PrintWriter out;
    private final LiveFeed feed;
    private final LineSender sender;
    private final String me;

    /** {@code me}: the user's email, whose messages are theirs to edit. */
    MessageSlashCommands(ParleyClient client, LineReader reader, LiveFeed feed, LineSender sender, String me) {
        this.client = client;
        this.reader = reader;
        this.out = reader.getTerminal().writer();
        this.feed = feed;
        this.sender = sender;
        this.me = me;
    }

    /** {@code /reply MESSAGE TEXT}: sends TEXT to the open session, answering MESSAGE. */
    void reply(Session open, String argument) {
        Matcher named = NAMED.matcher(argument);
        if (!named.matches() || named.group(2) == null || named.group(2).isBlank()) {
            throw SlashCommands.usage("/reply MESSAGE TEXT");
        }
        sender.send(open.id(), named.group(2), Long.parseLong(named.group(1)), feed::show);
    }

    /** {@code /edit [MESSAGE] TEXT}: gives MESSAGE, or the user's latest message, TEXT. */
    void edit(Session open, String argument) {
        Matcher named = NAMED.matcher(argument);
        if (argument.isEmpty() || named.matches() && named.group(2) == null) {
            throw SlashCommands.usage("/edit [MESSAGE] TEXT");
        }
        long id = named.matches()
                ? Long.parseLong(named.group(1))
                : latestOwn(open).id();
        String text = named.matches() ? named.group(2) : argument;
        feed.show(client.editMessage(open.id(), id, text));
    }

    /** {@code /delete [MESSAGE]}: deletes MESSAGE, or the user's latest message, after asking. */
    void delete(Session open, String argument) {
        Message message;
        if (argument.isEmpty()) {
            message = latestOwn(open);
        } else {
            Matcher named = NAMED.matcher(argument);
            if (!named.matches() || named.group(2) != null) {
                throw SlashCommands.usage("/delete [MESSAGE]");
            }
            long id = Long.parseLong(named.group(1));
            message = client.findMessage(open.id(), id)
                    .orElseThrow(() -> new CommandFailure(
                            ExitCode.NOT_FOUND, "message " + id + " is not in session " + open.id(), null));
        }
        String text =
                message.text() == null ? "" : message.text().lines().findFirst().orElse("");
        // JLine expands %-sequences in prompts; a literal one is doubled.
        String answer = reader.readLine(("Delete message " + message.id() + " \""
                        + TextTable.fit(TerminalText.oneLine(text), QUESTION_WIDTH) + "\"? [y/N] ")
                .replace("%", "%%"));
        if (!SlashCommands.yes(answer)) {
            out.println("Kept message " + message.id());
            return;
        }
        client.deleteMessage(open.id(), message.id());
        client.findMessage(open.id(), message.id()).ifPresent(feed::show);
    }

    /** The user's latest message in {@code open} that is not deleted, among the latest {@value #OWN_WINDOW}. */
    private Message latestOwn(Session open) {
        List<Message> latest =
                client.messages(open.id(), null, null, OWN_WINDOW).messages();
        Optional<Message> own = latest.reversed().stream()
                .filter(message ->
                        message.deletedAt() == null && message.userEmail().equalsIgnoreCase(me))
                .findFirst();
        return own.orElseThrow(() -> SlashCommands.usage("none of your latest " + OWN_WINDOW
                + " messages here can be changed; name the message: its id, as the shell shows it"));
    }
}
