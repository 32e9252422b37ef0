package dev.parley.server.message;

import java.util.Optional;

/**
 * Which page of a session's history to read: strictly after {@code afterId} and/or strictly before
 * {@code beforeId}, at most {@code limit} messages; with neither cursor, the latest page.
 */
record MessageWindow(Optional<Long> afterId, Optional<Long> beforeId, int limit) {

    static final int DEFAULT_LIMIT = 50;

    /** No cursor: the newest messages. */
    boolean isLatest() {
        return afterId.isEmpty() && beforeId.isEmpty();
    }

    /** Pages forward from {@code afterId}; otherwise backward from the newest (or from {@code beforeId}). */
    boolean readsForward() {
        return afterId.isPresent();
    }
}
