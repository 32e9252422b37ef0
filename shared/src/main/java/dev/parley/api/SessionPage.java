package dev.parley.api;

import java.util.List;

/** One page of {@code GET /sessions}; {@code nextCursor} is null on the last page. */
public record SessionPage(List<Session> sessions, String nextCursor) {}
