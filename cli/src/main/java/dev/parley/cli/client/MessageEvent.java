package dev.parley.cli.client;

import dev.parley.api.Message;

/**
 * A message event of a stream: a message posted ({@code message}), edited ({@code message_edited})
 * or deleted ({@code message_deleted}, the message being its tombstone), and the stream's
 * {@code cursor} after it, its {@code id:}: where a stream resumes from with {@code Last-Event-ID}.
 * A new message's cursor is its id; an edit or a deletion has a cursor of its own, later than the
 * id of the message it changed.
 */
public record MessageEvent(Kind kind, long cursor, Message message) {

    /** What happened to the message, named as the stream names it. */
    public enum Kind {
        POSTED("message"),
        EDITED("message_edited"),
        DELETED("message_deleted");

        private final String event;

        Kind(String event) {
            this.event = event;
        }

        /** The event's name on the stream, and in {@code watch --json}. */
        public String event() {
            return event;
        }
    }

    /** A message just posted, at its own id. */
    public static MessageEvent posted(Message message) {
        return new MessageEvent(Kind.POSTED, message.id(), message);
    }
}
