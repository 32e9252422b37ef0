package dev.parley.cli.client;

import java.time.Instant;

/**
 * The tokens a client presents: the access token, and when known the refresh token and the
 * access token's expiry (a token from {@code PARLEY_TOKEN} has neither).
 */
public record Tokens(String accessToken, String refreshToken, Instant accessTokenExpiresAt) {

    public Tokens {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("an access token is required");
        }
    }

    public boolean renewable() {
        return refreshToken != null;
    }

    /** Whether the access token is known to have expired by {@code time}. */
    public boolean expiredBy(Instant time) {
        return accessTokenExpiresAt != null && !accessTokenExpiresAt.isAfter(time);
    }

    @Override
    public String toString() {
        return "Tokens[accessTokenExpiresAt=" + accessTokenExpiresAt + ", tokens=***]";
    }
}
