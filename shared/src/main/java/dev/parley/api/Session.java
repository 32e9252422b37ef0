package dev.parley.api;

import java.time.Instant;

/**
 * A conversation. {@code userId} is its owner; {@code lastMessageAt} is null until the first message.
 */
public record Session(long id, String title, long userId, Instant createdAt, Instant lastMessageAt) {
}
