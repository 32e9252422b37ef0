package dev.parley.server.session;

import dev.parley.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of the session list ends: the last session's activity time and id, the keyset that
 * the next page continues below. Opaque to clients (base64url), so its form may change.
 */
record SessionCursor(Instant lastActivityAt, long id) {

    String encode() {
        String plain = lastActivityAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    static SessionCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int colon = plain.indexOf(':');
            return new SessionCursor(
                    Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))),
                    Long.parseLong(plain.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new ApiException.Invalid("cursor", "is not a cursor this server issued");
        }
    }
}
