package dev.parley.server.http;

import dev.parley.api.Wire;
import dev.parley.server.ParleyConfig;
import dev.parley.server.metrics.Meters;
import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-user rate limits on the requests that make the server store something and tell it to every
 * follower, or that cost every reader: creating a session ({@code POST /sessions}); posting,
 * editing or deleting a message ({@code POST /sessions/{id}/messages}, {@code PATCH} and {@code
 * DELETE /sessions/{id}/messages/{message_id}}, which share one bucket); and searching ({@code GET
 * /search}), a read of the full-text index of all the caller's sessions on the connections every
 * reader shares. And a per-address limit on registering ({@code POST /users}), which has no caller
 * yet: free accounts would otherwise multiply every per-user limit. Past a limit the request gets
 * 429 with {@code Retry-After} before its body is read, its password hashed or its search run.
 * Registered after {@link AuthFilter}: a request without a caller is not counted, its handler
 * answers 401.
 * <p>
 * A retry of a post with the {@code Idempotency-Key} of a post that was let through passes once
 * without being counted, so a client whose answer was lost is not told to wait for what is already
 * stored; each counted post earns at most one such pass, so nobody gets more than twice the rate.
 */
public final class RateLimits implements Filter {

    // The same patterns the session, message and search routes are registered with, matched the same way.
    private static final PathMatcher SESSIONS = PathMatchers.create("/sessions");
    private static final PathMatcher USERS = PathMatchers.create("/users");
    private static final PathMatcher MESSAGES = PathMatchers.create("/sessions/{id}/messages");
    private static final PathMatcher MESSAGE = PathMatchers.create("/sessions/{id}/messages/{message_id}");
    private static final PathMatcher SEARCH = PathMatchers.create("/search");
    private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create(Wire.IDEMPOTENCY_KEY);
    private static final String KIND = "rate_limit";

    private final UserBuckets<Long> sessions;
    private final UserBuckets<Long> messages;
    private final UserBuckets<String> registrations;
    private final UserBuckets<Long> searches;
    private final ClientAddress clientAddress;

    /** Each limit counts its refusals in {@code meters}. */
    public RateLimits(ParleyConfig.Limits limits, ClientAddress clientAddress, Meters meters) {
        this.sessions = new UserBuckets<>("sessions created", limits.sessions(), meters.refusals(KIND, "sessions"));
        this.messages = new UserBuckets<>(
                "messages posted, edited or deleted", limits.messages(), meters.refusals(KIND, "messages"));
        this.registrations = new UserBuckets<>(
                "accounts registered from your address",
                limits.registrations(),
                meters.refusals(KIND, "registrations"));
        this.searches = new UserBuckets<>("searches", limits.searches(), meters.refusals(KIND, "searches"));
        this.clientAddress = clientAddress;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<Caller> caller = req.context().get(Caller.class);
        Method method = req.prologue().method();
        if (caller.isPresent()
                && (method.equals(Method.PATCH) || method.equals(Method.DELETE))
                && MESSAGE.match(req.prologue().uriPath()).accepted()) {
            messages.take(caller.get().userId(), OptionalInt.empty());
        } else if (caller.isPresent()
                // HEAD runs the GET handler, search and all (HeadResponse).
                && (method.equals(Method.GET) || method.equals(Method.HEAD))
                && SEARCH.match(req.prologue().uriPath()).accepted()) {
            searches.take(caller.get().userId(), OptionalInt.empty());
        } else if (method.equals(Method.POST)) {
            UriPath path = req.prologue().uriPath();
            if (USERS.match(path).accepted()) {
                registrations.take(clientAddress.of(req), OptionalInt.empty());
            } else if (caller.isPresent() && SESSIONS.match(path).accepted()) {
                sessions.take(caller.get().userId(), OptionalInt.empty());
            } else if (caller.isPresent() && MESSAGES.match(path).accepted()) {
                messages.take(caller.get().userId(), retryKey(req, path));
            }
        }
        chain.proceed();
    }

    /** What a retry of this post has in common with its first attempt: the session and the key. */
    private static OptionalInt retryKey(RoutingRequest req, UriPath path) {
        return req.headers()
                .first(IDEMPOTENCY_KEY)
                .map(key -> OptionalInt.of((path.path() + " " + key).hashCode()))
                .orElse(OptionalInt.empty());
    }
}
