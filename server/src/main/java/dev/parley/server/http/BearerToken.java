package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Where a request carries its access token: {@code Authorization: Bearer <token>} (RFC 6750). */
public final class BearerToken {

    private static final String BEARER = "bearer ";

    private BearerToken() {}

    /** The token, when the Authorization header is a bearer one; the scheme is case-insensitive. */
    public static Optional<String> of(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.AUTHORIZATION)
                .filter(BearerToken::isBearer)
                .map(value -> value.substring(BEARER.length()).strip());
    }

    static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }
}
