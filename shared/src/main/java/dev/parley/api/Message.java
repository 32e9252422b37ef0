package dev.parley.api;

import java.time.Instant;

/** A posted message. Ids grow monotonically across the whole server, so an id is a total cursor. */
public record Message(long id, long sessionId, long userId, String userEmail, String text, Instant createdAt) {}
