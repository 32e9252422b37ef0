package dev.parley.cli.client;

import com.fasterxml.jackson.core.JacksonException;
import dev.parley.api.Json;
import dev.parley.api.MemberEvent;
import dev.parley.api.Message;
import dev.parley.api.SessionDeletedEvent;
import dev.parley.api.SessionRenamedEvent;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/**
 * One open event stream ({@code GET /sessions/{id}/events} or {@code GET /events}): its messages,
 * handed over one by one as they arrive, until the server ends the stream. {@link #close()} from
 * another thread cuts the connection; that is how a watch stops. Reconnecting is the caller's
 * business: a stream is one connection.
 */
public final class MessageStream implements AutoCloseable {

    private static final String MESSAGE_EVENT = "message";

    private final ServerUrl server;
    private final Call call;
    private final Response response;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    MessageStream(ServerUrl server, Call call, Response response) {
        this.server = server;
        this.call = call;
        this.response = response;
    }

    /**
     * Hands each message to {@code each} in the order the server sends them, and returns when the
     * server ends the stream or when {@link #close()} is called. A connection that breaks is an
     * {@link ApiFailure.Kind#UNREACHABLE} failure, an event that is not a Message a
     * {@link ApiFailure.Kind#REFUSED} one; what {@code each} throws ends the stream and is rethrown.
     * Events of other types than {@code message} are skipped: a later server may send more kinds.
     */
    public void forEach(Consumer<Message> each) {
        forEach(each, notice -> { });
    }

    /** As {@link #forEach(Consumer)}, with the stream's {@link StreamNotice}s to {@code notices}, in order. */
    public void forEach(Consumer<Message> each, Consumer<StreamNotice> notices) {
        if (!started.compareAndSet(false, true)) {
            if (closed) {
                return; // closed (from another thread) before it was read: nothing more comes
            }
            throw new IllegalStateException("a stream is read once");
        }
        if (closed) {
            response.close();
            return;
        }
        Listener listener = new Listener(each, notices);
        // Reads on this thread, closing the response at the end.
        EventSources.processResponse(response, listener);
        if (listener.ownFailure != null) {
            throw listener.ownFailure;
        }
        if (closed || listener.streamFailure == null) {
            return;
        }
        switch (listener.streamFailure) {
            case IOException e -> throw ErrorAnswer.unreachable(server, e);
            case Exception e -> throw ErrorAnswer.unreadable(server, response, e);
            case Error e -> throw e;
            default -> throw new IllegalStateException(listener.streamFailure);
        }
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

        private final Consumer<Message> each;
        private final Consumer<StreamNotice> notices;
        /** What {@code each} threw, or the unreadable event: both end the stream on our side. */
        private RuntimeException ownFailure;
        private Throwable streamFailure;

        Listener(Consumer<Message> each, Consumer<StreamNotice> notices) {
            this.each = each;
            this.notices = notices;
        }

        @Override
        public void onEvent(EventSource source, String id, String type, String data) {
            try {
                switch (type == null ? MESSAGE_EVENT : type) {
                    case MESSAGE_EVENT -> each.accept(read(data, Message.class));
                    case "member_joined" -> notices.accept(new StreamNotice.Joined(read(data, MemberEvent.class)));
                    case "member_left" -> notices.accept(new StreamNotice.Left(read(data, MemberEvent.class)));
                    case "session_renamed" -> notices.accept(new StreamNotice.Renamed(read(data, SessionRenamedEvent.class)));
                    case "session_deleted" -> notices.accept(new StreamNotice.Deleted(read(data, SessionDeletedEvent.class)));
                    default -> {
                        // A later server may send more kinds.
                    }
                }
            } catch (RuntimeException e) {
                ownFailure = e;
                source.cancel();
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
