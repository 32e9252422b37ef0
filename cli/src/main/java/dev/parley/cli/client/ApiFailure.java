package dev.parley.cli.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a call to the API did not succeed, as the one exception {@link ParleyClient} throws. The
 * {@link Kind} says what a script can do about it; the message is one readable line, taken from the
 * server's problem details or OAuth error, and never contains a token or a password.
 */
public final class ApiFailure extends RuntimeException {

    /** What went wrong, coarsely; each kind has its own exit code. */
    public enum Kind {
        /** The server answered with an error (4xx other than 401 and 404, 5xx); exit code 1. */
        REFUSED,
        /** No login, or the server rejected the token and it could not be renewed (401); exit code 3. */
        NOT_LOGGED_IN,
        /** The resource does not exist or is not visible to the caller (404); exit code 4. */
        NOT_FOUND,
        /** No answer: connection refused, timeout, unknown host, broken connection; exit code 5. */
        UNREACHABLE
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    ApiFailure(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = null;
    }

    /** A refusal with the server's advice to try again after {@code retryAfter} (null: none). */
    ApiFailure(Kind kind, int status, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    static ApiFailure notLoggedIn(ServerUrl server, String why, TokenStore tokens) {
        return new ApiFailure(
                Kind.NOT_LOGGED_IN, 0, "not logged in to " + server + " (" + why + "); " + tokens.remedy(), (Throwable)
                        null);
    }

    /** How long the server asked to wait before trying again ({@code Retry-After}), if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the server answered with, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
