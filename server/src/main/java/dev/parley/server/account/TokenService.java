package dev.parley.server.account;

import dev.parley.server.http.AccessTokenVerifier;
import dev.parley.server.http.Caller;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.Validator;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Issues and verifies access tokens: HS256 JWTs naming the user ({@code sub}), their email and the
 * grant ({@code gid}) they come from. Verification pins the algorithm (an {@code alg: none} or RS256
 * token is refused before any key is consulted) and requires signature, {@code exp}, {@code iss},
 * {@code aud} and a grant that has not been revoked.
 */
final class TokenService implements AccessTokenVerifier {

    private static final String GRANT_CLAIM = "gid";
    private static final int CLOCK_SKEW_SECONDS = 5;

    private final Jwk key;
    private final JwkKeys keys;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final RevokedGrants revoked;
    private final Clock clock;

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
                .issueTime(now)
                .notBefore(now)
                .expirationTime(now.plus(ttl))
                .build();
        return SignedJwt.sign(jwt, key).tokenContent();
    }

    @Override
    public Optional<Caller> verify(String token) {
        try {
            SignedJwt signed = SignedJwt.parseToken(token);
            Jwt jwt = signed.getJwt();
            if (!jwt.algorithm().filter(SigningKey.ALGORITHM::equals).isPresent()
                    || !signed.verifySignature(keys, key).isValid()
                    || !jwt.validate(validators()).isValid()) {
                return Optional.empty();
            }
            long grantId = jwt.payloadClaim(GRANT_CLAIM)
                    .map(value -> ((JsonNumber) value).longValueExact())
                    .orElseThrow();
            if (revoked.contains(grantId)) {
                return Optional.empty();
            }
            long userId = Long.parseLong(jwt.subject().orElseThrow());
            String email = jwt.payloadClaim("email").map(value -> ((JsonString) value).getString()).orElseThrow();
            return Optional.of(new Caller(userId, email, grantId));
        } catch (RuntimeException e) {
            // Garbage of any shape (bad base64, bad JSON, missing or mistyped claims) is simply invalid.
            return Optional.empty();
        }
    }

    private List<Validator<Jwt>> validators() {
        List<Validator<Jwt>> validators = new ArrayList<>(
                Jwt.defaultTimeValidators(clock.instant(), CLOCK_SKEW_SECONDS, ChronoUnit.SECONDS, true));
        Jwt.addIssuerValidator(validators, issuer, true);
        Jwt.addAudienceValidator(validators, audience, true);
        return validators;
    }
}
