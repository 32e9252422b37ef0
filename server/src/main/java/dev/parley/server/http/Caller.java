package dev.parley.server.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * The authenticated user of a request, as its verified access token says: the user, their email
 * (immutable, so the token may carry it) and the grant (log-in) the token belongs to.
 */
public record Caller(long userId, String email, long grantId) {

    /** The request's caller, or 401 when it carries no valid bearer token. */
    public static Caller of(ServerRequest req) {
        return req.context()
                .get(Caller.class)
                .orElseThrow(() -> req.context()
                        .get(AuthFilter.Rejection.class)
                        .map(rejection -> new ApiException.Unauthorized(rejection.reason(), rejection.invalidToken()))
                        .orElseGet(() -> new ApiException.Unauthorized(
                                "this request needs a bearer token (Authorization: Bearer <token>)", false)));
    }
}
