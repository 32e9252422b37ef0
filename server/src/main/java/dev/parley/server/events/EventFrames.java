package dev.parley.server.events;

import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.StreamEndEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The {@code text/event-stream} encoding (WHATWG HTML, server-sent events) of what Parley streams.
 * Written by hand rather than through Helidon's SSE sink: the sink has no {@code retry:} field, and
 * serialises an event once per stream, where here a message is encoded once for all its streams.
 */
final class EventFrames {

    private EventFrames() {}

    /** {@code id:}, {@code event: message} and the message as one line of JSON. */
    static Subscription.Frame message(Message message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(("id: " + message.id() + "\nevent: message\ndata: ").getBytes(StandardCharsets.US_ASCII));
        // Compact JSON escapes line breaks inside strings, so the data is always a single line.
        out.writeBytes(Json.bytes(message));
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return new Subscription.Frame(message.id(), out.toByteArray());
    }

    /**
     * A named event about a session ({@code member_joined}, {@code session_renamed} …) with
     * {@code payload} as one line of JSON. No {@code id:}: a client's last event id stays its last
     * message's, which is where it resumes; these events are not replayed.
     */
    static Subscription.Frame notice(String event, Object payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(("event: " + event + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(Json.bytes(payload));
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
        return new Subscription.Frame(Subscription.Frame.NOT_A_MESSAGE, out.toByteArray());
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
