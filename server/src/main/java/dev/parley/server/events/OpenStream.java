package dev.parley.server.events;

import dev.parley.server.http.RequestConnection;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One open stream as {@link StalledStreams} sees it: whether its writer is in a write and since when,
 * and what it holds (a quota slot, a subscription and its queued frames, a connection), let go of
 * once, by whichever comes first: its writer's end or the watchdog's cut.
 */
final class OpenStream {

    private static final long NOT_WRITING = Long.MIN_VALUE;

    private final Subscription subscription;
    private final Optional<RequestConnection> connection;
    private final Supplier<Optional<Subscription.End>> tokenEnd;
    private final Runnable letGo;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile long writingSince = NOT_WRITING;

    /**
     * {@code tokenEnd} as for {@link EventStream}; {@code letGo} unsubscribes and gives the quota slot
     * back, and is run once.
     */
    OpenStream(
            Subscription subscription,
            Optional<RequestConnection> connection,
            Supplier<Optional<Subscription.End>> tokenEnd,
            Runnable letGo) {
        this.subscription = subscription;
        this.connection = connection;
        this.tokenEnd = tokenEnd;
        this.letGo = letGo;
    }

    /** {@code out}, each write, flush and close of which marks the stream as writing until it returns. */
    OutputStream timed(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                long since = writing();
                try {
                    out.write(b);
                } finally {
                    writingSince = since;
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                long since = writing();
                try {
                    out.write(bytes, offset, length);
                } finally {
                    writingSince = since;
                }
            }

            @Override
            public void flush() throws IOException {
                long since = writing();
                try {
                    out.flush();
                } finally {
                    writingSince = since;
                }
            }

            @Override
            public void close() throws IOException {
                long since = writing();
                try {
                    out.close();
                } finally {
                    writingSince = since;
                }
            }
        };
    }

    /** Marks the start of a write; returns the mark to restore after it (a write within a close keeps the close's). */
    private long writing() {
        long since = writingSince;
        if (since == NOT_WRITING) {
            writingSince = System.nanoTime();
        }
        return since;
    }

    /** Nanoseconds the current write has taken by {@code now}; negative when the writer is not in a write. */
    long writingFor(long now) {
        long since = writingSince;
        return since == NOT_WRITING ? -1 : now - since;
    }

    /** Why the access token that opened the stream is no longer valid, if it is not. */
    Optional<Subscription.End> tokenEnd() {
        return tokenEnd.get();
    }

    /**
     * Ends the stream from outside its writer, for {@code why} (unless it has ended already: then
     * that end stands, counted once): its connection is closed, so that the stalled write fails and
     * its writer returns, and what it holds is let go of at once rather than when the writer wakes.
     */
    void cut(Subscription.End why, StreamMeters meters) {
        if (subscription.end(why)) {
            meters.ended(why);
        }
        connection.ifPresent(RequestConnection::close);
        release();
    }

    /** Lets go of the stream's subscription and quota slot; only the first call does anything. */
    void release() {
        if (released.compareAndSet(false, true)) {
            letGo.run();
        }
    }
}
