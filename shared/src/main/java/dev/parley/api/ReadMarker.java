package dev.parley.api;

/** The body of {@code PUT /sessions/{id}/read}: the newest message the caller has read. */
public record ReadMarker(Long lastReadId) {}
