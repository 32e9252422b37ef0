package dev.parley.cli.message;

import dev.parley.api.Wire;
import dev.parley.cli.CommandContext;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.Palette;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code parley history SESSION}: a window of a session's messages, oldest first, gathered by
 * {@link MessageHistory}, which also decides whether reading them moves the read marker.
 */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = {
            "Print a session's messages, oldest first, as '[local time] author: text';"
                    + " a reply shows the first line of the message it answers, '(↪ author: text)',"
                    + " an edited message '(edited)', a deleted one '(deleted)' without its text;"
                    + " without --before, --after or --unread, the latest ones. When there are older (or,"
                    + " reading forward, newer) messages, a last line on standard error says how to see them.",
            "Text output marks what it printed as read, unless unread messages before it were left"
                    + " out (a line on standard error says how many, and how to see them). --json prints one"
                    + " document, {\"messages\": [...], \"has_more\": bool} as the API pages, and marks nothing"
                    + " unless --mark-read is given: scripts read without touching what the person has read."
        },
        footer = {
            "",
            "Examples:",
            "  parley history 12 --limit 20",
            "  parley history 12 --unread",
            "  parley history 12 --before 340",
            "  parley history 12 --after 340 --json | jq -r '.messages[].text'"
        })
public final class HistoryCommand implements Callable<Integer> {

    /**
     * How many answered messages that are not on the page a reading looks up, one request each;
     * replies to the rest show the id they answer.
     */
    static final int QUOTE_LOOKUPS = 20;

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "At most N messages, 1 to " + Wire.MAX_MESSAGE_PAGE + " (default "
                    + MessageHistory.DEFAULT_LIMIT + "); N when there are N.")
    private Integer limit;

    @Option(names = "--before", paramLabel = "ID", description = "Only messages older than message ID.")
    private Long before;

    @Option(names = "--after", paramLabel = "ID", description = "Only messages newer than message ID.")
    private Long after;

    @Option(names = "--unread", description = "Only the messages you have not read, oldest first.")
    private boolean unread;

    @Option(
            names = "--ids",
            description = "Show each message's id after its time, [2026-11-26 04:00 #340], the id that"
                    + " edit, delete and --reply-to take.")
    private boolean ids;

    @Option(
            names = "--mark-read",
            negatable = true,
            description = "Whether what is printed counts as read (default: yes for text, no with --json).")
    private Boolean markRead;

    @Override
    public Integer call() {
        int count = limit();
        if (unread && (before != null || after != null)) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "--unread reads from your read marker on:" + " it does not go with --before or --after");
        }
        if (before != null && after != null) {
            throw new ParameterException(command.spec().commandLine(), "give --before or --after, not both");
        }
        var connection = command.connection();
        MessageHistory history = new MessageHistory(connection.client());
        MessageHistory.Reading reading = unread
                ? history.unread(session, count)
                : after != null
                        ? history.after(session, after, count)
                        : before != null ? history.before(session, before, count) : history.latest(session, count);
        PrintWriter out = command.out();
        if (command.json()) {
            JsonOutput.print(out, reading.page());
        } else {
            ZoneId zone = connection.clock().getZone();
            Palette palette = command.palette();
            Quotes quotes = new Quotes(connection.client(), QUOTE_LOOKUPS);
            reading.messages().forEach(quotes::remember);
            MessageLine lines = MessageLine.of(zone, palette).withIds(ids).withQuotes(quotes);
            reading.messages().forEach(message -> out.println(lines.line(message)));
            out.flush();
        }
        boolean marks = markRead != null ? markRead : !command.json();
        if (marks) {
            history.markRead(reading);
        }
        hints(reading, marks);
        return ExitCode.OK;
    }

    private int limit() {
        int count = limit == null ? MessageHistory.DEFAULT_LIMIT : limit;
        if (count < 1 || count > Wire.MAX_MESSAGE_PAGE) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "--limit must be between 1 and " + Wire.MAX_MESSAGE_PAGE + ", not " + count);
        }
        return count;
    }

    /** On standard error, so that the output stays the messages: what was left out, and how to see it. */
    private void hints(MessageHistory.Reading reading, boolean marks) {
        PrintWriter err = command.err();
        String me = "parley history " + session;
        if (reading.unreadLeftOut() > 0) {
            long n = reading.unreadLeftOut();
            err.println((n == 1 ? "1 earlier unread message was" : n + " earlier unread messages were")
                    + " not shown" + (marks ? " (so nothing was marked read)" : "") + "; see "
                    + (n == 1 ? "it" : "them") + " with: " + me + " --unread");
        }
        if (reading.hasMore() && !reading.messages().isEmpty()) {
            err.println(
                    reading.forward()
                            ? "newer: " + me + " --after "
                                    + reading.messages().getLast().id()
                            : "older: " + me + " --before "
                                    + reading.messages().getFirst().id());
        }
        err.flush();
    }
}
