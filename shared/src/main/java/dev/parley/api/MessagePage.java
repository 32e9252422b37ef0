package dev.parley.api;

import java.util.List;

/** One page of {@code GET /sessions/{id}/messages}, in ascending id order. */
public record MessagePage(List<Message> messages, boolean hasMore) {}
