package dev.parley.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.api.Problem.FieldError;
import dev.parley.api.Registration;
import dev.parley.api.TokenResponse;
import dev.parley.api.User;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.Caller;
import dev.parley.server.http.OAuthFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The account rules: who may register, log in, refresh and log out, and what each returns. */
final class Accounts {

    private static final String BAD_CREDENTIALS = "the email or password is wrong";

    private final UserQueries users;
    private final GrantQueries grants;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final Duration refreshTokenTtl;
    private final Clock clock;
    /** Accounts never change once created, so /users/me need not ask the database each time. */
    private final Cache<Long, User> userCache =
            Caffeine.newBuilder().maximumSize(10_000).build();

    Accounts(
            UserQueries users,
            GrantQueries grants,
            PasswordHasher hasher,
            TokenService tokens,
            LoginThrottle throttle,
            Duration refreshTokenTtl,
            Clock clock) {
        this.users = users;
        this.grants = grants;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.refreshTokenTtl = refreshTokenTtl;
        this.clock = clock;
    }

    User register(Registration registration) {
        List<FieldError> errors = new ArrayList<>();
        EmailAddress email = collect(errors, () -> EmailAddress.parse(registration.email()));
        Password password = collect(errors, () -> Password.parse(registration.password()));
        if (!errors.isEmpty()) {
            throw new ApiException.Invalid(errors);
        }
        User user = users.insert(email, hasher.hash(password), clock.instant());
        userCache.put(user.id(), user);
        return user;
    }

    TokenResponse logIn(TokenRequest.PasswordGrant grant, String clientAddress) {
        String accountKey = EmailAddress.keyOf(grant.email());
        LoginThrottle.Attempt attempt = throttle.begin(clientAddress, accountKey);
        var credentials = users.findCredentials(accountKey);
        boolean matches;
        try {
            if (credentials.isPresent()) {
                matches = hasher.matches(grant.password(), credentials.get().passwordHash());
            } else {
                hasher.spendEquivalentWork(grant.password());
                matches = false;
            }
        } catch (ApiException.ServiceUnavailable e) {
            attempt.notChecked();
            throw e;
        }
        if (!matches) {
            throw OAuthFailure.invalidGrant(BAD_CREDENTIALS);
        }
        attempt.succeeded();
        Instant now = clock.instant();
        return respond(
                grants.create(credentials.get().id(), credentials.get().email(), now, now.plus(refreshTokenTtl)));
    }

    TokenResponse refresh(TokenRequest.RefreshGrant grant) {
        return switch (grants.exchange(grant.refreshToken(), clock.instant())) {
            case GrantQueries.Exchange.Rotated rotated -> respond(rotated.issued());
            case GrantQueries.Exchange.ReuseDetected reuse ->
                throw OAuthFailure.invalidGrant("the refresh token was already used; log in again");
            case GrantQueries.Exchange.Refused refused ->
                throw OAuthFailure.invalidGrant("the refresh token is invalid, expired or revoked");
        };
    }

    /** Revokes the caller's grant; {@link RevokedGrants} hears of it as every server does, through the changes. */
    void logOut(Caller caller) {
        grants.revoke(caller.grantId(), clock.instant());
    }

    User me(Caller caller) {
        User user = userCache.get(caller.userId(), id -> users.find(id).orElse(null));
        if (user == null) {
            throw new ApiException.Unauthorized("the account of this token no longer exists", true);
        }
        return user;
    }

    private TokenResponse respond(GrantQueries.Issued issued) {
        String accessToken = tokens.issue(issued.userId(), issued.email(), issued.grantId());
        return new TokenResponse(accessToken, TokenResponse.BEARER, tokens.ttl().toSeconds(), issued.refreshToken());
    }

    private static <T> T collect(List<FieldError> errors, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ApiException.Invalid e) {
            errors.addAll(e.errors());
            return null;
        }
    }
}
