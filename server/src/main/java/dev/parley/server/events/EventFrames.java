package dev.parley.server.events;

import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.StreamEndEvent;
import dev.parley.server.changes.SessionChange;
import dev.parley.server.db.MessageRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code text/event-stream} encoding (WHATWG HTML, server-sent events) of what Parley streams.
 * Written by hand rather than through Helidon's SSE sink: the sink has no {@code retry:} field, and
 * serialises an event once per stream, where here a message is encoded once for all its streams.
 */
final class EventFrames {

    private static final String MESSAGE = "message";
    private static final String EDITED = "message_edited";
    private static final String DELETED = "message_deleted";

    private EventFrames() {}

    /** A new message: {@code id:} its id (a post's seq), {@code event: message} and the message as one line of JSON. */
    static Subscription.Frame message(Message message) {
        return message(message, message.id());
    }

    /**
     * An edit ({@code event: message_edited}) or a deletion ({@code event: message_deleted}, the
     * message being its tombstone), {@code id:} the change's seq.
     */
    static Subscription.Frame changed(SessionChange.MessageChanged change) {
        String event = switch (change) {
            case SessionChange.MessageEdited edited -> EDITED;
            case SessionChange.MessageDeleted deleted -> DELETED;
        };
        return new Subscription.Frame(
                change.seq(),
                encode(change.seq(), event, change.message()),
                new Subscription.Changed(change.message(), change.previousSeq()));
    }

    /**
     * A change of a message told as the message itself, {@code event: message}, for a client that
     * never had it: it is new to them, as it now is.
     */
    static Subscription.Frame asNew(Subscription.Frame change) {
        return message(change.changed().message(), change.seq());
    }

    /**
     * A message read by a replay from after {@code cursor}, at the seq of its latest change: a
     * message the client never saw (posted after the cursor) comes as {@code message}, as it now is;
     * one it saw, since edited or deleted, as {@code message_edited} or {@code message_deleted}.
     */
    static byte[] replayed(MessageRows.Sequenced row, long cursor) {
        Message message = row.message();
        String event = message.id() > cursor ? MESSAGE : message.deletedAt() != null ? DELETED : EDITED;
        return encode(row.seq(), event, message);
    }

    private static Subscription.Frame message(Message message, long seq) {
        return new Subscription.Frame(seq, encode(seq, MESSAGE, message), null);
    }

    private static byte[] encode(long seq, String event, Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(("id: " + seq + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        // Compact JSON escapes line breaks inside strings, so the data is always a single line.
        out.writeBytes(Json.bytes(message));
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * A named event about a session ({@code member_joined}, {@code session_renamed} …) with
     * {@code payload} as one line of JSON. No {@code id:}: a client's last event id stays its last
     * message event's, which is where it resumes; these events are not replayed.
     */
    static Subscription.Frame notice(String event, Object payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Json.bytes(payload));
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return new Subscription.Frame(Subscription.Frame.NOT_A_MESSAGE, out.toByteArray(), null);
    }

    /**
     * The end of a stream: a comment saying why, for people reading the raw stream, then the
     * {@code end} event with the reason as JSON, for programs (EventSource hands over no comment).
     * No {@code id:}, so that the client resumes from its last message.
     */
    static byte[] end(Subscription.End end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(comment(end.comment()));
        out.writeBytes(notice("end", new StreamEndEvent(end.reason())).bytes());
        return out.toByteArray();
    }

    /** How long a client should wait before reconnecting, in the stream's first lines. */
    static byte[] retry(Duration delay) {
        return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A comment line: ignored by clients, it keeps idle connections (and proxies) open. */
    static byte[] comment(String text) {
        return (": " + text.replace('\n', ' ') + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
