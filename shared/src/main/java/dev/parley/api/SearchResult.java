package dev.parley.api;

import java.util.List;

/**
 * A message that matched a search, with the session it is in and an excerpt of its text around the
 * matches. {@code highlights} are the matched words in {@code snippet}, as offsets in UTF-16 units
 * (JavaScript's and Java's string indexes), in ascending order and never overlapping.
 */
public record SearchResult(
        Message message, long sessionId, String sessionTitle, String snippet, List<Highlight> highlights) {

    /** The characters {@code [start, end)} of a snippet: {@code snippet.substring(start, end)}. */
    public record Highlight(int start, int end) {}
}
