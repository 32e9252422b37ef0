package dev.parley.api;

/**
 * Someone joined ({@code member_joined}) or left ({@code member_left}, by leaving or being removed)
 * a session: an event of the event streams, without an {@code id:} (it is not replayed on resuming).
 */
public record MemberEvent(long sessionId, long userId, String email) {}
