package dev.parley.server.search;

import java.util.Optional;

/**
 * Which page of matches to read: in the one session {@code sessionId} or in all the caller's, with
 * ids below the cursor's, at most {@code limit}.
 */
record SearchWindow(Optional<Long> sessionId, Optional<SearchCursor> below, int limit) {}
