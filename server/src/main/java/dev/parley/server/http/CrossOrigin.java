package dev.parley.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin access (CORS) for the browser origins an operator names; registered only when there
 * are some, so by default no answer carries an {@code Access-Control-Allow-*} header. A preflight
 * from a named origin is answered here with what the API allows (the browser checks its request
 * against it); requests from other origins pass untouched, and the browser keeps their answers
 * from the page. Tokens travel in the {@code Authorization} header, never in cookies, so
 * credentials are not allowed.
 * <p>
 * Helidon's own CORS feature refuses a preflight whose {@code Access-Control-Request-Headers} has
 * no space after its commas, which is how browsers send it.
 */
public final class CrossOrigin implements Filter {

    private static final Header ALLOW_METHODS =
            HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, POST, PUT, PATCH, DELETE");
    private static final Header ALLOW_HEADERS = HeaderValues.createCached(
            HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, Idempotency-Key, Last-Event-ID");
    private static final Header EXPOSE_HEADERS =
            HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "Retry-After, WWW-Authenticate");
    private static final Header MAX_AGE = HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_MAX_AGE, "3600");
    private static final Header VARY_ORIGIN = HeaderValues.createCached(HeaderNames.VARY, "Origin");

    private final Set<String> allowedOrigins;
    private final boolean anyOrigin;

    private CrossOrigin(List<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.anyOrigin = allowedOrigins.contains("*");
    }

    /** The filter for {@code allowedOrigins}, or none when there are none. */
    public static Optional<CrossOrigin> allowing(List<String> allowedOrigins) {
        return allowedOrigins.isEmpty() ? Optional.empty() : Optional.of(new CrossOrigin(allowedOrigins));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(VARY_ORIGIN);
        Optional<String> origin =
                req.headers().first(HeaderNames.ORIGIN).filter(o -> anyOrigin || allowedOrigins.contains(o));
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin.get());
        if (req.prologue().method().equals(Method.OPTIONS)
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(ALLOW_METHODS)
                    .header(ALLOW_HEADERS)
                    .header(MAX_AGE)
                    .status(Status.NO_CONTENT_204)
                    .send();
            return;
        }
        res.header(EXPOSE_HEADERS);
        chain.proceed();
    }
}
