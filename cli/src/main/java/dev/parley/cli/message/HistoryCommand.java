package dev.parley.cli.message;

import dev.parley.api.Message;
import dev.parley.api.MessagePage;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextOutput;
import dev.parley.cli.client.ParleyClient;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley history SESSION}: a page of a session's messages, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Print a session's messages, oldest first, as '[local time] author: text';"
                + " without --before or --after, the latest ones. With --json, one Message per line."
                + " What it prints counts as read (see 'parley unread').",
        footer = {"", "Examples:", "  parley history 12 --limit 20", "  parley history 12 --after 340 --json"})
public final class HistoryCommand implements Callable<Integer> {

    /** Continuation lines of a multi-line text start here, so that each message stands out. */
    private static final String INDENT = "    ";

    @Mixin
    private CommandContext command;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session's id.")
    private long session;

    @Option(names = "--limit", paramLabel = "N", description = "At most N messages (server default 50, at most 500).")
    private Integer limit;

    @Option(names = "--before", paramLabel = "ID", description = "Only messages older than message ID.")
    private Long before;

    @Option(names = "--after", paramLabel = "ID", description = "Only messages newer than message ID.")
    private Long after;

    @Override
    public Integer call() {
        Connection connection = command.connection();
        ParleyClient client = connection.client();
        MessagePage page = client.messages(session, after, before, limit);
        PrintWriter out = command.out();
        ZoneId zone = connection.clock().getZone();
        Palette palette = command.palette();
        for (Message message : page.messages()) {
            if (command.json()) {
                JsonOutput.print(out, message);
            } else {
                out.println(line(message, zone, palette));
            }
        }
        out.flush();
        if (!page.messages().isEmpty()) {
            // The server keeps the newest marker, so reading older pages does not unread newer ones.
            client.markRead(session, page.messages().getLast().id());
        }
        return ExitCode.OK;
    }

    /**
     * {@code [2026-11-25 22:49] alice@example.com: text}, the time and author in the palette's
     * colours; the interactive shell shows messages so too.
     */
    public static String line(Message message, ZoneId zone, Palette palette) {
        String text = TerminalText.multiLine(message.text()).replace("\n", "\n" + INDENT);
        return palette.time("[" + TextOutput.localTime(message.createdAt(), zone) + "]") + " "
                + palette.author(TerminalText.oneLine(message.userEmail())) + ": " + text;
    }
}
