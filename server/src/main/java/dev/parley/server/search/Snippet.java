package dev.parley.server.search;

import dev.parley.api.SearchResult.Highlight;
import java.util.ArrayList;
import java.util.List;

/**
 * A snippet as clients get it: plain text, and the matched words as offsets into it. The databases
 * mark the words with two control characters, which no stored text can hold (message texts refuse
 * control characters but line breaks and tabs), so every mark is theirs; they are taken out here.
 */
record Snippet(String text, List<Highlight> highlights) {

    /** What the database puts before a matched word. */
    static final char START = '\u0002';
    /** ... and after it. */
    static final char END = '\u0003';

    private static final String ELLIPSIS = "…";

    /**
     * The snippet of {@code marked}, an excerpt of {@code fullText} with marks: trimmed of white space
     * at its ends, and with an ellipsis at each end where the excerpt leaves text out, so that the
     * databases' excerpts read alike.
     */
    static Snippet of(String marked, String fullText) {
        StringBuilder plain = new StringBuilder(marked.length() + 2 * ELLIPSIS.length());
        List<int[]> ranges = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == START) {
                open = plain.length();
            } else if (c == END) {
                if (open >= 0 && open < plain.length()) {
                    ranges.add(new int[] {open, plain.length()});
                }
                open = -1;
            } else {
                plain.append(c);
            }
        }
        int start = 0;
        int end = plain.length();
        while (start < end && Character.isWhitespace(plain.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(plain.charAt(end - 1))) {
            end--;
        }
        String excerpt = plain.substring(start, end);
        String whole = fullText.strip();
        int at = whole.indexOf(excerpt);
        boolean cutBefore = at > 0;
        boolean cutAfter = at >= 0 && at + excerpt.length() < whole.length();
        int shift = (cutBefore ? ELLIPSIS.length() : 0) - start;
        List<Highlight> highlights = new ArrayList<>(ranges.size());
        for (int[] range : ranges) {
            int from = Math.max(range[0], start);
            int to = Math.min(range[1], end);
            if (from < to) {
                highlights.add(new Highlight(from + shift, to + shift));
            }
        }
        String text = (cutBefore ? ELLIPSIS : "") + excerpt + (cutAfter ? ELLIPSIS : "");
        return new Snippet(text, List.copyOf(highlights));
    }
}
