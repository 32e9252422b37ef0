package dev.parley.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.parley.api.Json;
import dev.parley.api.Message;
import dev.parley.api.StreamEndEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a server-sent event stream the way an EventSource does and records what arrives: events,
 * comments, retry advice and the end of the stream, in order, in a queue that tests take from with
 * a timeout ({@link #assertMessage}, {@link #assertComment}, {@link #assertEnded}) — never by sleeping.
 */
public final class EventStreamRecorder implements AutoCloseable {

    /** What the stream said, in order. */
    public sealed interface Item {}

    /** A dispatched event: {@code id:}, {@code event:} and its data lines joined. */
    public record Event(String id, String name, String data) implements Item {
        public Message message() {
            try {
                return Json.mapper().readValue(data, Message.class);
            } catch (JsonProcessingException e) {
                throw new AssertionError("event data is not a Message: " + data, e);
            }
        }
    }

    public record Comment(String text) implements Item {}

    public record Retry(long millis) implements Item {}

    /** The server closed the stream (or the connection broke). */
    public record Ended() implements Item {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final int status;
    private final HttpHeaders headers;
    private final String errorBody;
    private final InputStream body;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final List<String> comments = new ArrayList<>();
    private String endReason;
    private final Thread reader;

    private EventStreamRecorder(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.headers = response.headers();
        this.body = response.body();
        if (status != 200) {
            this.errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            this.reader = null;
        } else {
            this.errorBody = "";
            this.reader = Thread.ofVirtual().name("event-stream-recorder").start(this::read);
        }
    }

    /** Opens {@code path} of {@code server} with {@code token} and any extra headers (Last-Event-ID). */
    public static EventStreamRecorder open(
            TestServer server, String path, String token, Map<String, String> extraHeaders) {
        return open(server.baseUri().resolve(path), token, extraHeaders);
    }

    public static EventStreamRecorder open(URI uri, String token, Map<String, String> extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        extraHeaders.forEach(request::header);
        try {
            return new EventStreamRecorder(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The body of an answer that was not a stream (a problem document). */
    public String errorBody() {
        return errorBody;
    }

    /** The next item, or null when none arrives within {@code wait}. */
    public Item next(Duration wait) {
        try {
            return items.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event, skipping comments and retry advice; fails when none comes in time. */
    public Event assertEvent() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Item item = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            assertThat(item).as("an event within " + WAIT).isNotNull();
            if (item instanceof Event event) {
                return event;
            }
            assertThat(item).as("an event, not the end of the stream").isNotInstanceOf(Ended.class);
        }
    }

    /** The next event as a message, checking the SSE framing the OpenAPI document gives it. */
    public Message assertMessage() {
        Event event = assertEvent();
        assertThat(event.name()).isEqualTo("message");
        Message message = event.message();
        assertThat(event.id()).isEqualTo(Long.toString(message.id()));
        return message;
    }

    /** The next comment, skipping events and retry advice. */
    public Comment assertComment() {
        return assertNext(Comment.class);
    }

    /**
     * Asserts the stream ends (after whatever comments) with its {@code end} event and then the close,
     * with no other event before; returns the end event's reason.
     */
    public String assertEnded() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String reason = null;
        while (true) {
            Item item = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            assertThat(item).as("the end of the stream within " + WAIT).isNotNull();
            if (item instanceof Event event) {
                assertThat(reason)
                        .as("one end event, the last event of the stream")
                        .isNull();
                reason = endReason(event);
            }
            if (item instanceof Ended) {
                assertThat(reason).as("an end event before the close").isNotNull();
                return reason;
            }
        }
    }

    /** The reason of an {@code end} event; fails for any other event. */
    private static String endReason(Event event) {
        assertThat(event.name()).as("the end event, not " + event).isEqualTo("end");
        try {
            return Json.mapper().readValue(event.data(), StreamEndEvent.class).reason();
        } catch (JsonProcessingException e) {
            throw new AssertionError("end event data is not a StreamEndEvent: " + event.data(), e);
        }
    }

    /**
     * Asserts that no event comes before {@code marker}, a message the caller posted just now to a
     * session this stream follows: a stream's events are written in commit order, so a late
     * duplicate, or a message the stream should not carry, would come first. Looking at what has
     * arrived so far would prove nothing about an event on its way.
     */
    public void assertNoEventBefore(Message marker) {
        assertThat(assertMessage())
                .as("the marker message, with no event before it")
                .isEqualTo(marker);
    }

    private <T extends Item> T assertNext(Class<T> type) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Item item = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            assertThat(item).as("a " + type.getSimpleName() + " within " + WAIT).isNotNull();
            if (type.isInstance(item)) {
                return type.cast(item);
            }
            assertThat(item).as("a " + type.getSimpleName() + " before the end").isNotInstanceOf(Ended.class);
        }
    }

    /**
     * Every message until the stream ends, failing if it does not end in time; the comments on the
     * way are kept in {@link #comments()}.
     */
    public List<Message> drainMessagesUntilTheEnd() {
        List<Message> messages = new ArrayList<>();
        while (true) {
            Item item = next(WAIT);
            assertThat(item).as("the stream to go on or end within " + WAIT).isNotNull();
            switch (item) {
                case Event event when event.name().equals("end") -> endReason = endReason(event);
                case Event event -> messages.add(event.message());
                case Comment comment -> comments.add(comment.text());
                case Retry retry -> {}
                case Ended ended -> {
                    return messages;
                }
            }
        }
    }

    /** The reason of the end event {@link #drainMessagesUntilTheEnd()} passed, or null when none came. */
    public String endReason() {
        return endReason;
    }

    /** The comments {@link #drainMessagesUntilTheEnd()} passed on its way. */
    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Cuts the connection, as a client that goes away does. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
        if (reader != null) {
            reader.interrupt();
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        items.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    items.add(new Comment(line.substring(1).strip()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        case "retry" -> items.add(new Retry(Long.parseLong(value)));
                        default -> {}
                    }
                }
            }
        } catch (IOException e) {
            // A cut connection ends the stream as a close does.
        }
        items.add(new Ended());
    }
}
