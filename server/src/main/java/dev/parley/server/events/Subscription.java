package dev.parley.server.events;

import dev.parley.api.Message;
import dev.parley.api.StreamEndEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open event stream's side of the fan-out: whose stream it is, which sessions it follows, and a
 * bounded queue of frames waiting to be written. The fan-out adds to the queue and never waits; a
 * stream that lets more pile up than {@link StreamBuffers} allow is ended, and its client resumes
 * from its last event id without losing anything.
 */
final class Subscription {

    /**
     * Why a stream ends before its client leaves: {@code reason} is the {@code end} event's, for
     * programs; {@code comment} the line written before it, for people reading the raw stream.
     */
    enum End {
        FELL_BEHIND(StreamEndEvent.FELL_BEHIND, "this stream fell too far behind; reconnect with Last-Event-ID"),
        CHANGES_MISSED(
                StreamEndEvent.CHANGES_MISSED, "this server may have missed changes; reconnect with Last-Event-ID"),
        REMOVED(StreamEndEvent.REMOVED, "you no longer have access to this session"),
        SESSION_DELETED(StreamEndEvent.SESSION_DELETED, "this session was deleted"),
        TOKEN_EXPIRED(
                StreamEndEvent.TOKEN_EXPIRED,
                "your access token expired; reconnect with a fresh one and Last-Event-ID"),
        LOGGED_OUT(StreamEndEvent.LOGGED_OUT, "your access token was revoked (logged out)"),
        SERVER_STOPPING(StreamEndEvent.SERVER_STOPPING, "the server is stopping; reconnect with Last-Event-ID");

        private final String reason;
        private final String comment;

        End(String reason, String comment) {
            this.reason = reason;
            this.comment = comment;
        }

        String reason() {
            return reason;
        }

        String comment() {
            return comment;
        }
    }

    /** What the stream takes from its queue: a frame to write, or the end. */
    sealed interface Item {}

    /**
     * An event, encoded once for every stream that gets it: a message posted, edited or deleted
     * ({@code seq} the seq of that change, its {@code id:}), or another about a session ({@code seq}
     * {@link #NOT_A_MESSAGE}). An edit or deletion also carries what a stream needs to tell it as a
     * new message instead ({@code changed}; null for the others).
     */
    record Frame(long seq, byte[] bytes, Changed changed) implements Item {

        static final long NOT_A_MESSAGE = 0;

        boolean isMessage() {
            return seq != NOT_A_MESSAGE;
        }
    }

    /** The message an edit or deletion left, and the message's seq before it. */
    record Changed(Message message, long previousSeq) {}

    record Ended(End end) implements Item {}

    private final long userId;
    private final OptionalLong sessionId;
    /** The sessions followed right now; read and written only under the fan-out's lock. */
    private final Set<Long> sessions;

    private final StreamBuffers buffers;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    /** Bytes of the frames in the queue: added by the fan-out, taken off by the stream's writer. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Set by the first end: the fan-out, the stream's writer and the watchdog may race to end it. */
    private final AtomicBoolean ended = new AtomicBoolean();

    private Subscription(long userId, OptionalLong sessionId, Set<Long> sessions, StreamBuffers buffers) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.sessions = new HashSet<>(sessions);
        this.buffers = buffers;
    }

    /** A stream of one session. */
    static Subscription ofSession(long userId, long sessionId, StreamBuffers buffers) {
        return new Subscription(userId, OptionalLong.of(sessionId), Set.of(sessionId), buffers);
    }

    /** A stream of every session {@code userId} is in: {@code sessions} now, and those they join later. */
    static Subscription ofAllSessions(long userId, Set<Long> sessions, StreamBuffers buffers) {
        return new Subscription(userId, OptionalLong.empty(), sessions, buffers);
    }

    long userId() {
        return userId;
    }

    /** Whether this stream follows every session of its user rather than one. */
    boolean followsAll() {
        return sessionId.isEmpty();
    }

    Set<Long> sessions() {
        return sessions;
    }

    /** Queues a frame; false when the stream has fallen behind (the caller then ends it). */
    boolean offer(Frame frame) {
        int size = frame.bytes().length;
        // One publisher at a time (the fan-out's lock), so the queue cannot grow between check and add.
        if (!buffers.take(queue.size(), queuedBytes.get(), size)) {
            return false;
        }
        queuedBytes.addAndGet(size);
        return queue.add(frame);
    }

    /**
     * Ends the stream: frames not yet written are dropped, and the stream's next take is the end.
     * True for the first end only, whose caller counts it; a later one changes nothing.
     */
    boolean end(End end) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        dropQueued();
        queue.add(new Ended(end));
        return true;
    }

    /** Drops the frames not yet written, giving back their room: nobody will write them. */
    void dropQueued() {
        List<Item> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        dropped.forEach(this::taken);
    }

    /** The next item, or null when none came within {@code wait}. */
    Item next(Duration wait) throws InterruptedException {
        Item item = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        taken(item);
        return item;
    }

    /** Gives back the room of a frame off the queue (each is taken off once: polled or drained). */
    private void taken(Item item) {
        if (item instanceof Frame frame) {
            queuedBytes.addAndGet(-frame.bytes().length);
            buffers.giveBack(frame.bytes().length);
        }
    }
}
