package dev.parley.cli.credentials;

import dev.parley.api.TokenResponse;
import dev.parley.cli.client.ServerUrl;
import dev.parley.cli.client.Tokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One server's login as the credentials file keeps it. */
public record StoredLogin(
        String server, String email, String accessToken, String refreshToken, Instant accessTokenExpiresAt) {

    public StoredLogin {
        if (server == null || accessToken == null) {
            throw new IllegalArgumentException("a stored login names its server and access token");
        }
        // What the file keeps: the API's times have millisecond precision.
        accessTokenExpiresAt =
                accessTokenExpiresAt == null ? null : accessTokenExpiresAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** The login that {@code tokens}, just issued for {@code email}, make. */
    public static StoredLogin of(ServerUrl server, String email, TokenResponse tokens, Instant issuedAt) {
        return new StoredLogin(
                server.toString(),
                email,
                tokens.accessToken(),
                tokens.refreshToken(),
                issuedAt.plusSeconds(tokens.expiresIn()));
    }

    /** This login with the pair a refresh returned; a server may keep the refresh token the same. */
    public StoredLogin renewed(TokenResponse tokens, Instant issuedAt) {
        String refresh = tokens.refreshToken() != null ? tokens.refreshToken() : refreshToken;
        return new StoredLogin(server, email, tokens.accessToken(), refresh, issuedAt.plusSeconds(tokens.expiresIn()));
    }

    public Tokens tokens() {
        return new Tokens(accessToken, refreshToken, accessTokenExpiresAt);
    }

    @Override
    public String toString() {
        return "StoredLogin[server=" + server + ", email=" + email + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", tokens=***]";
    }
}
