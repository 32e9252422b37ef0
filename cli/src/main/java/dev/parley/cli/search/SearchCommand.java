package dev.parley.cli.search;

import dev.parley.api.SearchPage;
import dev.parley.api.SearchResult;
import dev.parley.api.Wire;
import dev.parley.cli.CommandContext;
import dev.parley.cli.Connection;
import dev.parley.cli.ExitCode;
import dev.parley.cli.JsonOutput;
import dev.parley.cli.TerminalText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code parley search QUERY…}: the messages of your sessions that match, newest first, gathered
 * across the server's pages up to {@code --limit} (the server ends a page early when its texts are
 * long), with the cursor to go on from when there are more.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = {
            "Search the messages of your sessions (or of one, with --session), newest first. The words"
                    + " of QUERY are joined by spaces: every word must match; \"a phrase\" in double quotes"
                    + " matches those words in that order; from:EMAIL keeps the messages of that author.",
            "Each result is a line: the session's #id and title, then the message as 'parley history'"
                    + " prints it, with its id after the time ([2026-11-26 04:00 #340]) and, for its text,"
                    + " the excerpt that matched, the matched words in bold (between asterisks without colour)."
                    + " When more match, a last line on standard error says how to see them.",
            "--json prints one document, the API's page: {\"results\": [{\"message\", \"session_id\","
                    + " \"session_title\", \"snippet\", \"highlights\": [{\"start\", \"end\"}]}...],"
                    + " \"next_cursor\"}. A query the server cannot take (an unclosed quote, no word to"
                    + " search for) is refused with its reason and exit code 1; a session that is not yours"
                    + " is exit code 4."
        },
        footer = {
            "",
            "Examples:",
            "  parley search drive",
            "  parley search '\"see you\"' from:bob@example.com --session 12",
            "  parley search release --json | jq -r '.results[].message.text'"
        })
public final class SearchCommand implements Callable<Integer> {

    static final int DEFAULT_LIMIT = 20;
    private static final int MAX_PAGES = 100;

    @Mixin
    private CommandContext command;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "What to search for.")
    private List<String> words;

    @Option(names = "--session", paramLabel = "ID", description = "Search session ID only.")
    private Long session;

    @Option(
            names = "--limit",
            paramLabel = "N",
            description = "At most N results, 1 to " + Wire.MAX_MESSAGE_PAGE + " (default " + DEFAULT_LIMIT + ").")
    private Integer limit;

    @Option(
            names = "--cursor",
            paramLabel = "CURSOR",
            description = "Go on from where an earlier search stopped (its next_cursor, or the last line it"
                    + " printed on standard error).")
    private String cursor;

    @Override
    public Integer call() {
        int count = limit == null ? DEFAULT_LIMIT : limit;
        if (count < 1 || count > Wire.MAX_MESSAGE_PAGE) {
            throw new ParameterException(
                    command.spec().commandLine(),
                    "--limit must be between 1 and " + Wire.MAX_MESSAGE_PAGE + ", not " + count);
        }
        String query = String.join(" ", words);
        Connection connection = command.connection();
        SearchPage found = gather(connection, query, count);
        PrintWriter out = command.out();
        if (command.json()) {
            JsonOutput.print(out, found);
            return ExitCode.OK;
        }
        if (found.results().isEmpty()) {
            out.println("No message matches " + query);
        }
        SearchLine lines = new SearchLine(connection.clock().getZone(), command.palette());
        found.results().forEach(result -> out.println(lines.line(result)));
        out.flush();
        if (found.nextCursor() != null) {
            command.err().println("more: " + again(query) + " --cursor " + TerminalText.oneLine(found.nextCursor()));
            command.err().flush();
        }
        return ExitCode.OK;
    }

    /**
     * Up to {@code count} results, across pages, and the cursor after the last when more match. At
     * most {@value #MAX_PAGES} pages: a server that hands out cursors for ever (or the same one again)
     * does not keep the client paging for ever.
     */
    private SearchPage gather(Connection connection, String query, int count) {
        var client = connection.client();
        List<SearchResult> results = new ArrayList<>();
        String next = cursor;
        for (int pages = 0; pages < MAX_PAGES && results.size() < count; pages++) {
            SearchPage page = client.search(query, session, count - results.size(), next);
            results.addAll(page.results().subList(0, Math.min(page.results().size(), count - results.size())));
            if (page.nextCursor() == null || page.nextCursor().equals(next)) {
                return new SearchPage(results, null);
            }
            next = page.nextCursor();
        }
        return new SearchPage(results, next);
    }

    /** This search as a command line to paste: the query quoted for a POSIX shell. */
    private String again(String query) {
        return "parley search '" + query.replace("'", "'\\''") + "'" + (session == null ? "" : " --session " + session)
                + (limit == null ? "" : " --limit " + limit);
    }
}
