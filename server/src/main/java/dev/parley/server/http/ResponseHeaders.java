package dev.parley.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Headers every response carries. API answers are per-user and change at any moment, so no cache
 * (browser or proxy) may keep them; the documentation pages, served from the local jar, are
 * no-store too, which costs nothing worth a second rule. A browser that opens an API answer as a
 * page may run nothing in it, frame it nowhere and tell no other site where it came from; the
 * documentation page replaces the policy with the one it needs.
 */
public final class ResponseHeaders implements Filter {

    /** {@code Cache-Control: no-store}: also on token responses (RFC 6749 §5.1). */
    public static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    /** Helidon names no such header. */
    public static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header NOTHING_RUNS = HeaderValues.createCached(CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'");
    private static final Header NO_REFERRER = HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        res.header(NO_STORE);
        res.header(NOSNIFF);
        res.header(NOTHING_RUNS);
        res.header(NO_REFERRER);
        chain.proceed();
    }
}
