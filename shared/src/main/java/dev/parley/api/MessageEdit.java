package dev.parley.api;

/** Body of {@code PATCH /sessions/{id}/messages/{message_id}}: the message's new text. */
public record MessageEdit(String text) {}
