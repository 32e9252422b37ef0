package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;

/**
 * Verifies the bearer token of every request that carries one and registers the {@link Caller} in
 * the request context; handlers that need a caller ask {@link Caller#of}, which answers 401 when none
 * is there. Requests without a token pass through, so public routes need no list of exceptions here.
 */
public final class AuthFilter implements Filter {

    private final AccessTokenVerifier verifier;

    public AuthFilter(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            if (BearerToken.isBearer(authorization.get())) {
                verifier.verify(BearerToken.of(req).orElseThrow())
                        .ifPresentOrElse(
                                caller -> req.context().register(caller),
                                () -> req.context()
                                        .register(Rejection.invalidToken(
                                                "the bearer token is invalid, expired or revoked")));
            } else {
                req.context().register(new Rejection("the Authorization header must be: Bearer <token>"));
            }
        }
        chain.proceed();
    }

    /**
     * Why a presented credential was not accepted, for the 401's detail; {@code invalidToken} when it
     * was a bearer token, which the challenge then says (RFC 6750 §3.1) so that a client knows to
     * refresh it. Another scheme ({@code Basic}) is as if no credential came: a bare challenge.
     */
    record Rejection(String reason, boolean invalidToken) {

        Rejection(String reason) {
            this(reason, false);
        }

        static Rejection invalidToken(String reason) {
            return new Rejection(reason, true);
        }
    }
}
