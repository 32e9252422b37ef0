package dev.parley.server.http;

import io.helidon.http.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * A failure of {@code POST /token}, which answers in RFC 6749 §5.2 form ({@code error},
 * {@code error_description}) instead of problem+json, so that OAuth2 clients understand it.
 */
public final class OAuthFailure extends RuntimeException {

    private final transient Status status;
    private final String error;
    private final transient Duration retryAfter;

    private OAuthFailure(Status status, String error, String description, Duration retryAfter) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    /** Any bad credential; the description must not tell an unknown email from a wrong password. */
    public static OAuthFailure invalidGrant(String description) {
        return new OAuthFailure(Status.BAD_REQUEST_400, "invalid_grant", description, null);
    }

    public static OAuthFailure invalidRequest(String description) {
        return new OAuthFailure(Status.BAD_REQUEST_400, "invalid_request", description, null);
    }

    public static OAuthFailure unsupportedGrantType(String description) {
        return new OAuthFailure(Status.BAD_REQUEST_400, "unsupported_grant_type", description, null);
    }

    /** 429: too many failed log-ins; {@code slow_down} is the registered OAuth error for it. */
    public static OAuthFailure slowDown(Duration retryAfter) {
        return new OAuthFailure(
                Status.TOO_MANY_REQUESTS_429,
                "slow_down",
                "too many failed log-ins; retry after " + retryAfter.toSeconds() + " seconds",
                retryAfter);
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
