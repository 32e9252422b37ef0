package dev.parley.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers every response carries. API answers are per-user and change at any moment, so no cache
 * (browser or proxy) may keep them; the documentation pages, served from the local jar, are
 * no-store too, which costs nothing worth a second rule.
 */
public final class ResponseHeaders implements Filter {

    /** {@code Cache-Control: no-store}: also on token responses (RFC 6749 §5.1). */
    public static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(ResponseHeaders.NO_STORE);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        chain.proceed();
    }
}
