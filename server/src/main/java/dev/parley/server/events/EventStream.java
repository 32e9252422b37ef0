package dev.parley.server.events;

import dev.parley.server.db.MessageRows;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Writes one open stream: first what the client missed (from the database, every message changed
 * after its last event id, up to the counter when the replay began), then live frames from its
 * subscription, each change exactly once. The subscription began before the replay, so a change may
 * be in both: the stream skips any seq not above where the replay reached, and tells an edit of a
 * message the replay could not send as that message, new (docs/architecture.md, rule 6).
 */
final class EventStream {

    /** Messages read from the database at a time while replaying. */
    static final int REPLAY_PAGE = 500;
    /** How often, at most, the stream checks that its access token is still valid. */
    private static final long TOKEN_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private final EventQueries queries;
    private final Subscription subscription;
    private final OptionalLong sessionId;
    private final Duration heartbeat;
    private final Supplier<Optional<Subscription.End>> tokenEnd;
    private final StreamMeters meters;
    private long tokenCheckedAt = System.nanoTime();
    private Runnable replayRead = () -> {};
    private Runnable pageToRead = () -> {};

    /**
     * {@code tokenEnd} tells whether the access token that opened the stream is still valid (empty)
     * or why not: a stream lives longer than a token, and must not outlive its expiry or a log-out.
     */
    EventStream(
            EventQueries queries,
            Subscription subscription,
            OptionalLong sessionId,
            Duration heartbeat,
            Supplier<Optional<Subscription.End>> tokenEnd,
            StreamMeters meters) {
        this.queries = queries;
        this.subscription = subscription;
        this.sessionId = sessionId;
        this.heartbeat = heartbeat;
        this.tokenEnd = tokenEnd;
        this.meters = meters;
    }

    /**
     * Runs {@code hook} right after the replay's last read, before the stream takes from its
     * subscription: the window that a stream subscribed only after its replay would lose messages
     * committed in. A test commits one there ({@code ResumeHandOverTest}).
     */
    EventStream onReplayRead(Runnable hook) {
        this.replayRead = hook;
        return this;
    }

    /**
     * Runs {@code hook} before each page of the replay is read, after the horizon was: the window in
     * which a message not yet sent can change past the horizon, and drop out of the replay. A test
     * edits one there ({@code ReplayedEditsTest}).
     */
    EventStream beforeReplayPage(Runnable hook) {
        this.pageToRead = hook;
        return this;
    }

    /**
     * Writes until the subscription ends or the client goes away (a failed write, noticed at the
     * latest at the next heartbeat).
     */
    void writeTo(OutputStream out, byte[] opening, OptionalLong afterId) throws InterruptedException {
        try {
            out.write(opening);
            out.flush();
            Replayed replayed = afterId.isPresent() ? replay(out, afterId.getAsLong()) : Replayed.none();
            long last = replayed.last();
            while (true) {
                Subscription.Item item = subscription.next(heartbeat);
                Optional<Subscription.End> tokenEnded = tokenEnded();
                if (tokenEnded.isPresent()) {
                    // Ended first, so that the watchdog, should this last write stall, does not count it again.
                    if (subscription.end(tokenEnded.get())) {
                        meters.ended(tokenEnded.get());
                    }
                    out.write(EventFrames.end(tokenEnded.get()));
                    out.flush();
                    return;
                }
                if (item == null) {
                    out.write(EventFrames.comment("keep-alive"));
                } else {
                    // Take what else is queued too, and flush once for all of it.
                    int written = 0;
                    do {
                        switch (item) {
                            case Subscription.Ended ended -> {
                                meters.delivered(written);
                                out.write(EventFrames.end(ended.end()));
                                out.flush();
                                return;
                            }
                            case Subscription.Frame frame -> {
                                if (!frame.isMessage()) {
                                    out.write(frame.bytes());
                                    written++;
                                } else if (frame.seq() > last) {
                                    out.write(
                                            replayed.neverSent(frame)
                                                    ? EventFrames.asNew(frame).bytes()
                                                    : frame.bytes());
                                    written++;
                                    last = frame.seq();
                                }
                            }
                        }
                        item = subscription.next(Duration.ZERO);
                    } while (item != null);
                    // Counted before the flush, so a client that reads the events then the metrics sees them.
                    meters.delivered(written);
                }
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            // The client went away; there is nobody left to tell.
        }
    }

    /** Why the token is no longer valid, if it is not; asked of the token service once a second at most. */
    private Optional<Subscription.End> tokenEnded() {
        long now = System.nanoTime();
        if (now - tokenCheckedAt < TOKEN_CHECK_NANOS) {
            return Optional.empty();
        }
        tokenCheckedAt = now;
        return tokenEnd.get();
    }

    /**
     * Writes every visible message changed after {@code cursor}, up to the counter read first (the
     * horizon), in seq order; returns what it read, for the live frames after it.
     */
    private Replayed replay(OutputStream out, long cursor) throws IOException {
        long horizon = queries.counter();
        Replayed replayed = Replayed.from(cursor, horizon);
        long last = cursor;
        MessageRows.SequencedPage page;
        do {
            pageToRead.run();
            page = queries.after(subscription.userId(), sessionId, last, horizon, REPLAY_PAGE);
            for (MessageRows.Sequenced row : page.messages()) {
                out.write(EventFrames.replayed(row, cursor));
                last = row.seq();
            }
            replayed.read(page.hasMore() ? last : horizon, page.counter());
            meters.delivered(page.messages().size());
            out.flush();
        } while (page.hasMore());
        replayRead.run();
        return replayed;
    }
}
