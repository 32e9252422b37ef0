package dev.parley.cli.client;

import dev.parley.api.TokenResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code Authorization: Bearer} to every request not marked {@link Anonymous}, renewing the
 * tokens at most once per call: before sending, when the access token is known to have expired,
 * or after a 401, when a refresh token is at hand. A call whose tokens cannot be renewed fails as
 * {@link ApiFailure.Kind#NOT_LOGGED_IN}.
 */
final class BearerAuthentication implements Interceptor {

    /** Renew this long before the expiry, so that a token does not expire on its way to the server. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    /** Marks the requests that carry no token: registering and the token endpoint. */
    enum Anonymous {
        REQUEST
    }

    private final ServerUrl server;
    private final TokenStore store;
    private final Function<String, TokenResponse> refresh;
    private final Clock clock;

    BearerAuthentication(ServerUrl server, TokenStore store, Function<String, TokenResponse> refresh, Clock clock) {
        this.server = server;
        this.store = store;
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (request.tag(Anonymous.class) != null) {
            return chain.proceed(request);
        }
        Optional<Tokens> current = store.current();
        if (current.isEmpty()) {
            // Sent without a token all the same: a wrong host or a closed port must say so, not
            // "not logged in"; the server's 401 then says that (ParleyClient).
            return chain.proceed(request);
        }
        Tokens tokens = current.get();
        if (tokens.renewable() && tokens.expiredBy(clock.instant().plus(EXPIRY_MARGIN))) {
            Tokens renewed =
                    renew(tokens).orElseThrow(() -> ApiFailure.notLoggedIn(server, "the login has expired", store));
            return chain.proceed(authorized(request, renewed));
        }
        Response response = chain.proceed(authorized(request, tokens));
        if (response.code() != 401 || !tokens.renewable()) {
            return response;
        }
        Optional<Tokens> renewed = renew(tokens);
        if (renewed.isEmpty()) {
            return response;
        }
        response.close();
        return chain.proceed(authorized(request, renewed.get()));
    }

    /** New tokens, or empty when the server no longer accepts the refresh token. */
    private Optional<Tokens> renew(Tokens stale) {
        try {
            return store.renew(stale, refresh);
        } catch (ApiFailure e) {
            boolean refused = e.kind() == ApiFailure.Kind.NOT_LOGGED_IN
                    || (e.kind() == ApiFailure.Kind.REFUSED && e.status() == 400);
            if (refused) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Request authorized(Request request, Tokens tokens) {
        return request.newBuilder()
                .header("Authorization", "Bearer " + tokens.accessToken())
                .build();
    }
}
