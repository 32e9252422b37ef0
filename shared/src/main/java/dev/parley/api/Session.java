package dev.parley.api;

import java.time.Instant;

/**
 * A conversation, as one of its members sees it. {@code userId} is its owner; {@code lastMessageAt}
 * is null until the first message. {@code lastReadId} (null until the member reads something) and
 * {@code unreadCount} are the reader's own.
 */
public record Session(
        long id,
        String title,
        long userId,
        Instant createdAt,
        Instant lastMessageAt,
        int memberCount,
        Long lastReadId,
        long unreadCount) {}
