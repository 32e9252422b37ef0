package dev.parley.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Whose an access token says it is: the {@code email} claim of a Parley access token (a JWT), read
 * without checking its signature, which only the server can. It names the account a send from
 * {@code PARLEY_TOKEN} is kept in the outbox for; the server still checks the token on every call.
 */
public final class AccessTokenClaims {

    private AccessTokenClaims() {}

    /** The token's email claim; empty when the token is not a JWT with one. */
    public static Optional<String> email(String accessToken) {
        String[] parts = accessToken.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode email = claims == null ? null : claims.get("email");
            return email != null && email.isTextual() && !email.asText().isBlank()
                    ? Optional.of(email.asText())
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
