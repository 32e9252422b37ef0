package dev.parley.api;

import java.util.List;

/** One page of {@code GET /search}, newest first; {@code nextCursor} is null on the last page. */
public record SearchPage(List<SearchResult> results, String nextCursor) {}
