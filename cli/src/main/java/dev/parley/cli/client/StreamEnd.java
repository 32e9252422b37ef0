package dev.parley.cli.client;

import dev.parley.api.StreamEndEvent;
import java.util.Arrays;

/**
 * Why the server ended an event stream, from its {@code end} event ({@link StreamEndEvent}), and
 * whether following it on makes sense. The ends after which it does not (the session or the login
 * is gone) are thrown by {@link MessageStream#forEach} as {@link ApiFailure}s instead.
 */
public enum StreamEnd {

    /** The access token expired: reconnecting at once renews it, and nothing is lost. */
    TOKEN_EXPIRED(StreamEndEvent.TOKEN_EXPIRED, "the access token expired"),
    FELL_BEHIND(StreamEndEvent.FELL_BEHIND, "the stream fell too far behind"),
    CHANGES_MISSED(StreamEndEvent.CHANGES_MISSED, "the server may have missed changes"),
    SERVER_STOPPING(StreamEndEvent.SERVER_STOPPING, "the server is stopping"),
    /** The login was revoked (a log-out): thrown as {@link ApiFailure.Kind#NOT_LOGGED_IN}. */
    LOGGED_OUT(StreamEndEvent.LOGGED_OUT, "this login was logged out"),
    /** Thrown as {@link ApiFailure.Kind#NOT_FOUND}. */
    REMOVED(StreamEndEvent.REMOVED, "you left or were removed from the session"),
    /** Thrown as {@link ApiFailure.Kind#NOT_FOUND}. */
    SESSION_DELETED(StreamEndEvent.SESSION_DELETED, "the session was deleted"),
    /** The stream closed without an {@code end} event (a proxy cut it, say), or with one of a later server. */
    UNTOLD(null, "the server ended the stream");

    private final String reason;
    private final String description;

    StreamEnd(String reason, String description) {
        this.reason = reason;
        this.description = description;
    }

    /** The end an {@code end} event's reason names; {@link #UNTOLD} for one this client does not know. */
    static StreamEnd of(String reason) {
        return Arrays.stream(values())
                .filter(end -> end.reason != null && end.reason.equals(reason))
                .findFirst()
                .orElse(UNTOLD);
    }

    /** What happened, as part of a sentence: "the server is stopping". */
    public String description() {
        return description;
    }
}
