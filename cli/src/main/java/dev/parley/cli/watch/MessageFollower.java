package dev.parley.cli.watch;

import dev.parley.api.Message;
import dev.parley.api.Session;
import dev.parley.cli.client.ApiFailure;
import dev.parley.cli.client.MessageEvent;
import dev.parley.cli.client.MessageStream;
import dev.parley.cli.client.ParleyClient;
import dev.parley.cli.client.StreamEnd;
import dev.parley.cli.client.StreamNotice;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows one session's event stream, or all of the user's ({@code GET /events}), across
 * reconnections: when a stream ends or breaks it connects again after a {@link Backoff} wait, with
 * {@code Last-Event-ID} the cursor of the last message event it handed on, so that every message
 * posted, edited or deleted is handed on once, in order, none lost. A stream the server ends because its access token expired is resumed at
 * once, the token renewed on the way ({@link StreamEnd#TOKEN_EXPIRED}): nobody needs to hear of
 * it. {@code parley watch} and the shell's live messages both follow through here.
 */
public final class MessageFollower {

    /** What the follower tells besides messages. */
    public interface Listener {
        /** Hands on one message posted, edited or deleted; called on the following thread, one at a time. */
        void message(MessageEvent event);

        /** Something happened to a session followed (see {@link StreamNotice}); on the following thread. */
        default void notice(StreamNotice notice) {}

        /** A stream is open: messages posted from now on will come. {@code first}: the first since the start. */
        default void connected(boolean first) {}

        /** A connection attempt failed or a stream broke with {@code failure}; the next try is in {@code wait}. */
        default void retrying(ApiFailure failure, Duration wait) {}

        /** The server ended the stream for {@code end} (one it may be resumed after); the next try is in {@code wait}. */
        default void ended(StreamEnd end, Duration wait) {}
    }

    private final ParleyClient client;
    private final Long sessionId;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** {@link #lastCursor} until {@link #fromNow}'s follower has asked the server where now is. */
    private static final long NOT_YET_KNOWN = -1;

    /**
     * How far the server's clock may be behind this one: a change stamped up to this long before a
     * follower started from now is taken for one made since. Too short, and a fresh edit told by a
     * server whose clock is further behind is left out; too long, and an edit made just before
     * shows. Clocks kept by NTP differ by well under a second.
     */
    static final Duration CLOCK_MARGIN = Duration.ofSeconds(2);

    /** Ids of messages handed on that are remembered, to tell a message new to the follower. */
    private static final int REMEMBERED = 10_000;

    private final Backoff backoff = new Backoff();
    /** Edits and deletions stamped before this are not handed on (null: all are). */
    private final Instant changesSince;

    /** Where the first stream started: messages with a greater id were posted while following. */
    private long startCursor = NOT_YET_KNOWN;
    /** Ids of the messages posted while following that were handed on, the latest {@value #REMEMBERED}. */
    private final Set<Long> handedOn = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    private volatile long lastCursor;
    private volatile boolean connected;
    private MessageStream current;

    /**
     * A follower of {@code sessionId} (all sessions when null) that hands on what happened after
     * {@code cursor}: a message id, or 0 for all. The stream's cursor counts messages and their
     * changes alike, so the messages posted after that one come, and the edits and deletions made
     * since it was posted.
     */
    public MessageFollower(ParleyClient client, Long sessionId, long cursor) {
        this(client, sessionId, cursor, null);
    }

    private MessageFollower(ParleyClient client, Long sessionId, long cursor, Instant changesSince) {
        this.client = client;
        this.sessionId = sessionId;
        this.lastCursor = cursor;
        this.changesSince = changesSince;
    }

    /**
     * A follower of {@code sessionId} (all sessions when null) that hands on what happens from
     * {@code now}: the messages posted after {@code newestId} ({@link #newestId}), and the edits and
     * deletions made from {@code now} on. A message's id is older than the changes made to the
     * messages before it since, which the stream would bring again: those are told by the time they
     * were made ({@code edited_at}, {@code deleted_at}), less {@link #CLOCK_MARGIN}.
     */
    public static MessageFollower fromNow(ParleyClient client, Long sessionId, long newestId, Instant now) {
        return new MessageFollower(client, sessionId, newestId, now.minus(CLOCK_MARGIN));
    }

    /**
     * As {@link #fromNow(ParleyClient, Long, long, Instant)}, from the moment the follower first
     * reaches the server, which it asks for the newest id then: it may start while the server is down.
     */
    public static MessageFollower fromNow(ParleyClient client, Long sessionId, Instant now) {
        return fromNow(client, sessionId, NOT_YET_KNOWN, now);
    }

    /**
     * The id to follow {@code sessionId} (all sessions when null) from, so that what is posted from
     * now on is handed on and nothing older: the session's newest message id (0 when it has none).
     * For all sessions, the newest message id of the session with the latest message among the
     * 100 most recently active ones: message ids grow with every post, so that is the newest of all
     * but in the rare race of two posts in the same millisecond, when an older message comes too.
     */
    public static long newestId(ParleyClient client, Long sessionId) {
        if (sessionId != null) {
            return newestIdOf(client, sessionId);
        }
        List<Session> recent = client.listSessions(100, null).sessions();
        return recent.stream()
                .filter(session -> session.lastMessageAt() != null)
                .max(Comparator.comparing(Session::lastMessageAt))
                .map(session -> newestIdOf(client, session.id()))
                .orElse(0L);
    }

    private static long newestIdOf(ParleyClient client, long sessionId) {
        List<Message> newest = client.messages(sessionId, null, null, 1).messages();
        return newest.isEmpty() ? 0 : newest.getLast().id();
    }

    /**
     * Follows until {@link #stop()}, then returns. A failure that waiting cannot mend is thrown:
     * the session gone or out of reach ({@link ApiFailure.Kind#NOT_FOUND}), the login rejected
     * ({@link ApiFailure.Kind#NOT_LOGGED_IN}), or another refusal.
     */
    public void run(Listener listener) {
        while (!isStopped()) {
            MessageStream stream;
            try {
                if (lastCursor == NOT_YET_KNOWN) {
                    lastCursor = newestId(client, sessionId);
                }
                if (startCursor == NOT_YET_KNOWN) {
                    startCursor = lastCursor;
                }
                stream = client.events(sessionId, lastCursor);
            } catch (ApiFailure e) {
                if (!passing(e)) {
                    throw e;
                }
                pause(listener, e);
                continue;
            }
            if (!following(stream)) {
                stream.close();
                return;
            }
            listener.connected(!connected);
            connected = true;
            backoff.reset();
            StreamEnd end;
            try (stream) {
                end = stream.forEach(forward(listener), notice -> {
                    if (!isStopped()) {
                        listener.notice(notice);
                    }
                });
            } catch (ApiFailure e) {
                if (!passing(e)) {
                    throw e;
                }
                pause(listener, e);
                continue;
            } finally {
                following(null);
            }
            switch (end) {
                case TOKEN_EXPIRED -> {
                    // Resumed at once: the next request renews the token first, or after its 401.
                }
                case UNTOLD -> pause(null, null);
                default -> {
                    Duration wait = backoff.next();
                    if (!isStopped()) {
                        listener.ended(end, wait);
                    }
                    await(wait);
                }
            }
        }
    }

    /** Whether a connection has succeeded since the follower started. */
    public boolean connected() {
        return connected;
    }

    /** The cursor of the last message event handed on, or the one the follower started after. */
    public long lastCursor() {
        return lastCursor;
    }

    /** Ends {@link #run}: cuts the open stream, or the wait before the next one. Safe from any thread. */
    public void stop() {
        stopped.countDown();
        following(null);
    }

    private Consumer<MessageEvent> forward(Listener listener) {
        return event -> {
            // The server sends each event once; this keeps that true should it ever replay one.
            if (event.cursor() > lastCursor && !isStopped()) {
                MessageEvent told = asNewWhenUnseen(event);
                if (!before(told)) {
                    listener.message(told);
                }
                lastCursor = event.cursor();
            }
        };
    }

    /**
     * {@code event}, or an edit of a message posted while following that was never handed on told
     * as what it is to this follower, a new message. A stream cut inside its replay can bring that:
     * the replay sends a message posted and then edited at its edit, after later posts, and the
     * resumed stream tells it as an edit (docs/api.md, "Editing, deleting and replying").
     */
    private MessageEvent asNewWhenUnseen(MessageEvent event) {
        long id = event.message().id();
        if (id <= startCursor || !handedOn.add(id) || event.kind() != MessageEvent.Kind.EDITED) {
            return event;
        }
        return new MessageEvent(MessageEvent.Kind.POSTED, event.cursor(), event.message());
    }

    /** Whether {@code event} is an edit or deletion made before a follower from now started. */
    private boolean before(MessageEvent event) {
        Instant made = switch (event.kind()) {
            case POSTED -> null;
            case EDITED -> event.message().editedAt();
            case DELETED -> event.message().deletedAt();
        };
        return changesSince != null && made != null && made.isBefore(changesSince);
    }

    /**
     * Makes {@code stream} the one {@link #stop()} cuts (null: none, closing the one there was);
     * false when stopped already.
     */
    private synchronized boolean following(MessageStream stream) {
        if (stream == null) {
            if (current != null && isStopped()) {
                current.close();
            }
            current = null;
            return true;
        }
        if (isStopped()) {
            return false;
        }
        current = stream;
        return true;
    }

    private void pause(Listener listener, ApiFailure failure) {
        Duration wait = backoff.next();
        if (listener != null && !isStopped()) {
            listener.retrying(failure, wait);
        }
        await(wait);
    }

    /** Waits {@code wait}, or until {@link #stop()}. */
    private void await(Duration wait) {
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
        }
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Failures that waiting mends: no answer, too many streams open at once, a server error. */
    private static boolean passing(ApiFailure e) {
        return switch (e.kind()) {
            case UNREACHABLE -> true;
            case REFUSED -> e.status() == 429 || e.status() >= 500;
            case NOT_FOUND, NOT_LOGGED_IN -> false;
        };
    }
}
