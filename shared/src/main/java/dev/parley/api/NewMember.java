package dev.parley.api;

/** The body of {@code POST /sessions/{id}/members}: who to add, by email. */
public record NewMember(String email) {}
