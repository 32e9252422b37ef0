package dev.parley.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.server.http.AccessTokenVerifier;
import dev.parley.server.http.Caller;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.JwtValidator;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies access tokens: HS256 JWTs naming the user ({@code sub}), their email and the
 * grant ({@code gid}) they come from. Verification pins the algorithm (an {@code alg: none} or RS256
 * token is refused before any key is consulted) and requires signature, {@code exp}, {@code iss},
 * {@code aud} and a grant that has not been revoked.
 */
final class TokenService implements AccessTokenVerifier {

    private static final String GRANT_CLAIM = "gid";
    /** How far past {@code exp} (and before {@code nbf}) a token is still accepted, for clocks that differ. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final Jwk key;
    private final JwkKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final RevokedGrants revoked;
    private final Clock clock;
    /**
     * Tokens already verified. A client presents the same token for minutes, and checking an
     * HMAC and parsing two JSON documents on every request is most of what a cheap request costs.
     */
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    TokenService(Jwk key, String issuer, String audience, Duration ttl, RevokedGrants revoked, Clock clock) {
        this.key = key;
        this.keys = JwkKeys.builder().addKey(key).build();
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.revoked = revoked;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    String issue(long userId, String email, long grantId) {
        Instant now = clock.instant();
        Jwt jwt = Jwt.builder()
                .algorithm(SigningKey.ALGORITHM)
                .keyId(key.keyId())
                .type("JWT")
                .issuer(issuer)
                .addAudience(audience)
                .subject(Long.toString(userId))
                .email(email)
                .addPayloadClaim(GRANT_CLAIM, grantId)
                // Unique per token: two issued in the same second (login, then refresh) still differ.
                .jwtId(UUID.randomUUID().toString())
                .issueTime(now)
                .notBefore(now)
                .expirationTime(now.plus(ttl))
                .build();
        return SignedJwt.sign(jwt, key).tokenContent();
    }

    @Override
    public Optional<Caller> verify(String token) {
        Verified known = verified.getIfPresent(token);
        if (known == null) {
            known = check(token).orElse(null);
            if (known == null) {
                return Optional.empty();
            }
            verified.put(token, known);
        }
        // Expiry and revocation can change after the signature was checked: ask every time.
        if (!known.expiresAt().plus(CLOCK_SKEW).isAfter(clock.instant())
                || revoked.contains(known.caller().grantId())) {
            return Optional.empty();
        }
        return Optional.of(known.caller());
    }

    @Override
    public boolean expired(String token) {
        try {
            SignedJwt signed = SignedJwt.parseToken(token);
            return signed.getJwt()
                            .algorithm()
                            .filter(SigningKey.ALGORITHM::equals)
                            .isPresent()
                    && signed.verifySignature(keys, key).isValid()
                    && signed.getJwt()
                            .expirationTime()
                            .map(expiry -> !expiry.plus(CLOCK_SKEW).isAfter(clock.instant()))
                            .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A token whose signature and claims were checked once: what it says and until when. */
    private record Verified(Caller caller, Instant expiresAt) {}

    private Optional<Verified> check(String token) {
        try {
            SignedJwt signed = SignedJwt.parseToken(token);
            Jwt jwt = signed.getJwt();
            if (!jwt.algorithm().filter(SigningKey.ALGORITHM::equals).isPresent()
                    || !signed.verifySignature(keys, key).isValid()
                    || !validator().validate(jwt).isValid()) {
                return Optional.empty();
            }
            long grantId = jwt.payloadClaim(GRANT_CLAIM)
                    .map(value -> ((JsonNumber) value).longValueExact())
                    .orElseThrow();
            long userId = Long.parseLong(jwt.subject().orElseThrow());
            String email = jwt.payloadClaim("email")
                    .map(value -> ((JsonString) value).getString())
                    .orElseThrow();
            return Optional.of(new Verified(
                    new Caller(userId, email, grantId), jwt.expirationTime().orElseThrow()));
        } catch (RuntimeException e) {
            // Garbage of any shape (bad base64, bad JSON, missing or mistyped claims) is simply invalid.
            return Optional.empty();
        }
    }

    /** Built per check: the time validators take "now" when they are built. */
    private JwtValidator validator() {
        return JwtValidator.builder()
                .addDefaultTimeValidators(clock.instant(), CLOCK_SKEW, true)
                .addIssuerValidator(issuer, true)
                .addAudienceValidator(audience)
                .build();
    }
}
