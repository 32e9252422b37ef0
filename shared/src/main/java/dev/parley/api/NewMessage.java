package dev.parley.api;

/** Body of {@code POST /sessions/{id}/messages}; {@code replyTo}, optional, the message it answers. */
public record NewMessage(String text, Long replyTo) {

    /** A message that answers none in particular. */
    public NewMessage(String text) {
        this(text, null);
    }
}
