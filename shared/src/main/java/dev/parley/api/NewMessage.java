package dev.parley.api;

/** Body of {@code POST /sessions/{id}/messages}. */
public record NewMessage(String text) {}
