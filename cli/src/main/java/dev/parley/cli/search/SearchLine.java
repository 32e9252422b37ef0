package dev.parley.cli.search;

import dev.parley.api.SearchResult;
import dev.parley.api.SearchResult.Highlight;
import dev.parley.cli.Palette;
import dev.parley.cli.TerminalText;
import dev.parley.cli.TextTable;
import dev.parley.cli.message.MessageLine;
import java.time.ZoneId;
import java.util.List;

/**
 * How a search result reads: {@code #1 "Weekend plans" [2026-11-26 04:00 #340] alice@example.com:
 * …can you *drive*…}, the session, the message's line with its id (to answer it, edit it or read
 * around it), and the server's excerpt on one line with the matched words in the palette's
 * {@link Palette#match}. The excerpt is made safe piece by piece around the matches, so that the
 * server's offsets still fall where it meant; offsets that do not fit the excerpt are ignored.
 */
public final class SearchLine {

    /** Titles run to 200 characters; a result shows up to this many columns of one. */
    static final int TITLE_WIDTH = 30;

    private final MessageLine messages;
    private final Palette palette;

    public SearchLine(ZoneId zone, Palette palette) {
        this.messages = MessageLine.of(zone, palette).withIds(true);
        this.palette = palette;
    }

    public String line(SearchResult result) {
        String title = TextTable.fit(TerminalText.oneLine(result.sessionTitle()), TITLE_WIDTH);
        return "#" + result.sessionId() + " \"" + title + "\" " + messages.header(result.message()) + ": "
                + snippet(result);
    }

    private String snippet(SearchResult result) {
        String snippet = result.snippet() == null ? "" : result.snippet();
        StringBuilder line = new StringBuilder();
        int at = 0;
        for (Highlight highlight : result.highlights() == null ? List.<Highlight>of() : result.highlights()) {
            if (highlight.start() < at || highlight.end() <= highlight.start() || highlight.end() > snippet.length()) {
                continue;
            }
            line.append(TerminalText.piece(snippet.substring(at, highlight.start())));
            line.append(palette.match(TerminalText.piece(snippet.substring(highlight.start(), highlight.end()))));
            at = highlight.end();
        }
        line.append(TerminalText.piece(snippet.substring(at)));
        return line.toString().strip();
    }
}
