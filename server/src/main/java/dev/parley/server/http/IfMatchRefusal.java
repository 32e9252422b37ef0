package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.Set;

/**
 * 412 for a change ({@code PATCH}, {@code PUT}, {@code DELETE}) conditioned on entity tags with
 * {@code If-Match}. Parley sends no {@code ETag}, so no tag a client names can be the current one:
 * RFC 9110 §13.1.1 then has the condition false and forbids performing the method. Ignoring the
 * header, as before, would apply a change the client meant only for a version it had seen.
 * {@code If-Match: *} (any current representation) is true of what exists, and passes.
 * <p>
 * After authentication: a request without a valid token gets its 401 first, from the handler.
 */
public final class IfMatchRefusal implements Filter {

    private static final Set<Method> CHANGES = Set.of(Method.PATCH, Method.PUT, Method.DELETE);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> ifMatch = req.headers().first(HeaderNames.IF_MATCH);
        if (ifMatch.isPresent()
                && !ifMatch.get().strip().equals("*")
                && CHANGES.contains(req.prologue().method())
                && req.context().get(Caller.class).isPresent()) {
            throw new ApiException.PreconditionFailed("this server sends no ETags, so no If-Match entity tag can match"
                    + " the current state; send the request without If-Match (or with If-Match: *)");
        }
        chain.proceed();
    }
}
