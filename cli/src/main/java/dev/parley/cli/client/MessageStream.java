package dev.parley.cli.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.api.MemberEvent;
import dev.parley.api.Message;
import dev.parley.api.SessionDeletedEvent;
import dev.parley.api.SessionRenamedEvent;
import dev.parley.api.StreamEndEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.Okio;

/**
 * One open event stream ({@code GET /sessions/{id}/events} or {@code GET /events}): its messages
 * posted, edited and deleted ({@link MessageEvent}), handed over one by one as they arrive, until the server ends the stream, saying why in its
 * {@code end} event. {@link #close()} from another thread cuts the connection; that is how a watch
 * stops. Reconnecting is the caller's business: a stream is one connection.
 */
public final class MessageStream implements AutoCloseable {

    /** What the stream calls a message posted; an event without a type is one too, as the SSE standard has it. */
    private static final String MESSAGE_EVENT = "message";

    /** The longest line of an event stream read. */
    static final int MAX_EVENT_LINE_BYTES = 1024 * 1024;

    private final ServerUrl server;
    private final TokenStore tokens;
    private final Call call;
    private final Response response;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    private MessageStream(ServerUrl server, TokenStore tokens, Call call, Response response) {
        this.server = server;
        this.tokens = tokens;
        this.call = call;
        this.response = response;
    }

    /**
     * Sends {@code request} on {@code streams} (a client with a stream's read timeout) and opens its
     * answer as a stream; an answer that is not one is thrown as the failure it means.
     */
    static MessageStream open(OkHttpClient streams, ServerUrl server, TokenStore tokens, Request request) {
        Call call = streams.newCall(request);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            throw ErrorAnswer.unreachable(server, e);
        }
        if (!response.isSuccessful()) {
            try (response) {
                throw ErrorAnswer.of(server, response, tokens);
            }
        }
        String contentType = response.header("Content-Type", "");
        if (!contentType.startsWith("text/event-stream")) {
            try (response) {
                throw ErrorAnswer.unreadable(
                        server,
                        response,
                        new IOException("expected text/event-stream, got "
                                + (contentType.isEmpty() ? "nothing" : contentType)));
            }
        }
        // One event's line is a Message of at most 4,000 characters: a few KB of JSON.
        ResponseBody limited = ResponseBody.create(
                Okio.buffer(new LineLimitedSource(response.body().source(), MAX_EVENT_LINE_BYTES)),
                response.body().contentType(),
                -1);
        return new MessageStream(
                server, tokens, call, response.newBuilder().body(limited).build());
    }

    /**
     * Hands each message event to {@code each} in the order the server sends them, and returns when the
     * server ends the stream (with why: {@link StreamEnd}) or when {@link #close()} is called. An end
     * after which reconnecting is no use is thrown: the session deleted or left
     * ({@link ApiFailure.Kind#NOT_FOUND}), the login logged out ({@link ApiFailure.Kind#NOT_LOGGED_IN}).
     * A connection that breaks is an {@link ApiFailure.Kind#UNREACHABLE} failure, an event that is not
     * a Message (or has a cursor that is not a number) a {@link ApiFailure.Kind#REFUSED} one; what {@code each} throws ends the stream and is
     * rethrown. Events of unknown types are skipped: a later server may send more kinds.
     */
    public StreamEnd forEach(Consumer<MessageEvent> each) {
        return forEach(each, notice -> {});
    }

    /** As {@link #forEach(Consumer)}, with the stream's {@link StreamNotice}s to {@code notices}, in order. */
    public StreamEnd forEach(Consumer<MessageEvent> each, Consumer<StreamNotice> notices) {
        if (!started.compareAndSet(false, true)) {
            if (closed) {
                return StreamEnd.UNTOLD; // closed (from another thread) before it was read: nothing more comes
            }
            throw new IllegalStateException("a stream is read once");
        }
        if (closed) {
            response.close();
            return StreamEnd.UNTOLD;
        }
        Listener listener = new Listener(each, notices);
        // Reads on this thread, closing the response at the end.
        EventSources.processResponse(response, listener);
        if (listener.ownFailure != null) {
            throw listener.ownFailure;
        }
        if (closed) {
            return StreamEnd.UNTOLD;
        }
        if (listener.streamFailure == null) {
            return ended(listener.end);
        }
        switch (listener.streamFailure) {
            case IOException e -> throw ErrorAnswer.unreachable(server, e);
            case Exception e -> throw ErrorAnswer.unreadable(server, response, e);
            case Error e -> throw e;
            default -> throw new IllegalStateException(listener.streamFailure);
        }
    }

    /** Returns {@code end}, or throws it when following on is no use. */
    private StreamEnd ended(StreamEnd end) {
        return switch (end) {
            case LOGGED_OUT -> throw ApiFailure.notLoggedIn(server, end.description(), tokens);
            case REMOVED, SESSION_DELETED ->
                throw new ApiFailure(ApiFailure.Kind.NOT_FOUND, 0, end.description(), (Throwable) null);
            default -> end;
        };
    }

    /** Cuts the connection; a {@link #forEach} in progress returns. Safe from any thread, and more than once. */
    @Override
    public void close() {
        closed = true;
        call.cancel();
        if (started.compareAndSet(false, true)) {
            response.close();
        }
    }

    /** Collects what went wrong; processResponse reports everything, the consumer's failures included, as onFailure. */
    private final class Listener extends EventSourceListener {

        private final Consumer<MessageEvent> each;
        private final Consumer<StreamNotice> notices;
        /** What {@code each} threw, or the unreadable event: both end the stream on our side. */
        private RuntimeException ownFailure;

        private Throwable streamFailure;
        /** What the server's {@code end} event said; untold until it comes. */
        private StreamEnd end = StreamEnd.UNTOLD;

        Listener(Consumer<MessageEvent> each, Consumer<StreamNotice> notices) {
            this.each = each;
            this.notices = notices;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            try {
                switch (type == null ? MESSAGE_EVENT : type) {
                    case MESSAGE_EVENT -> each.accept(event(MessageEvent.Kind.POSTED, id, data));
                    case "message_edited" -> each.accept(event(MessageEvent.Kind.EDITED, id, data));
                    case "message_deleted" -> each.accept(event(MessageEvent.Kind.DELETED, id, data));
                    case "member_joined" -> notices.accept(new StreamNotice.Joined(read(data, MemberEvent.class)));
                    case "member_left" -> notices.accept(new StreamNotice.Left(read(data, MemberEvent.class)));
                    case "session_renamed" ->
                        notices.accept(new StreamNotice.Renamed(read(data, SessionRenamedEvent.class)));
                    case "session_deleted" ->
                        notices.accept(new StreamNotice.Deleted(read(data, SessionDeletedEvent.class)));
                    case "end" ->
                        end = StreamEnd.of(read(data, StreamEndEvent.class).reason());
                    default -> {
                        // A later server may send more kinds.
                    }
                }
            } catch (RuntimeException e) {
                ownFailure = e;
                source.cancel();
            }
        }

        /** The event with its cursor, the {@code id:}; a server that sends none has the message's id. */
        private MessageEvent event(MessageEvent.Kind kind, String id, String data) {
            Message message = read(data, Message.class);
            if (id == null || id.isEmpty()) {
                return new MessageEvent(kind, message.id(), message);
            }
            try {
                return new MessageEvent(kind, Long.parseLong(id), message);
            } catch (NumberFormatException e) {
                throw ErrorAnswer.unreadable(
                        server, response, new IOException("an event id that is not a number: " + id));
            }
        }

        private <T> T read(String data, Class<T> type) {
            try {
                return Json.mapper().readValue(data, type);
            } catch (JacksonException e) {
                throw ErrorAnswer.unreadable(server, response, e);
            }
        }

        @Override
        public void onFailure(EventSource source, Throwable t, Response failed) {
            if (ownFailure == null && t != null) {
                streamFailure = t;
            }
        }
    }
}
