package dev.parley.api;

/**
 * A session was deleted ({@code session_deleted}): the last event of it that a stream of all
 * sessions brings, without an {@code id:}. A stream of that session alone ends instead.
 */
public record SessionDeletedEvent(long sessionId) {}
