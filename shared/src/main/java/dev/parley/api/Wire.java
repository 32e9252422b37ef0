package dev.parley.api;

import java.time.Duration;

/**
 * The facts of the HTTP API that the server and its clients must agree on, in one place for both;
 * the OpenAPI document states them to everybody else.
 */
public final class Wire {

    /** The request header that makes a post safe to retry: the same key stores the message once. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The most sessions one page of {@code GET /sessions} holds. */
    public static final int MAX_SESSION_PAGE = 100;

    /** The most messages one page of a session's history holds. */
    public static final int MAX_MESSAGE_PAGE = 500;

    /**
     * How long a client waits on a silent event stream before it takes the connection for dead.
     * The server's heartbeat must come well within it, which the server checks at start.
     */
    public static final Duration STREAM_SILENCE_LIMIT = Duration.ofSeconds(45);

    private Wire() {}
}
