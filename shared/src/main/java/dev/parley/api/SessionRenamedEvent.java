package dev.parley.api;

/** A session has a new title ({@code session_renamed}): an event of the event streams, without an {@code id:}. */
public record SessionRenamedEvent(long sessionId, String title) {}
