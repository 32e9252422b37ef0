package dev.parley.api;

/** Body of {@code POST /sessions} (title optional) and {@code PATCH /sessions/{id}} (title required). */
public record SessionTitle(String title) {}
