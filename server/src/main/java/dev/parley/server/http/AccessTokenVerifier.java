package dev.parley.server.http;

import java.util.Optional;

/** Checks a bearer token: signature, algorithm, expiry, issuer, audience and revocation. */
@FunctionalInterface
public interface AccessTokenVerifier {

    /** The caller the token names, or empty when the token is not (or no longer) valid. */
    Optional<Caller> verify(String token);
}
