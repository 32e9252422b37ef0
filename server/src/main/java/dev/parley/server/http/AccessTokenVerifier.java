package dev.parley.server.http;

import java.util.Optional;

/** Checks a bearer token: signature, algorithm, expiry, issuer, audience and revocation. */
public interface AccessTokenVerifier {

    /** The caller the token names, or empty when the token is not (or no longer) valid. */
    Optional<Caller> verify(String token);

    /**
     * Whether {@code token} is one this server signed whose expiry has passed: refused for its age
     * alone, which a refresh mends, where a revoked (logged-out) or forged token is not.
     */
    boolean expired(String token);
}
