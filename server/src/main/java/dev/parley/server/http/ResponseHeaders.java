package dev.parley.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Headers every response carries. API answers are per-user and change at any moment, so no cache
 * (browser or proxy) may keep them; the documentation pages, served from the local jar, are
 * no-store too, which costs nothing worth a second rule. A browser that opens an API answer as a
 * page may run nothing in it, frame it nowhere and tell no other site where it came from; the
 * documentation page replaces the policy with the one it needs.
 * <p>
 * The {@code Date} is written here too: Helidon's reads {@code Tue, 1 Dec 2026}, where RFC 9110
 * §5.6.7 (IMF-fixdate) has two-digit days, {@code Tue, 01 Dec 2026}.
 */
public final class ResponseHeaders implements Filter {

    /** {@code Cache-Control: no-store}: also on token responses (RFC 6749 §5.1). */
    public static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    /** {@code Pragma: no-cache}, which RFC 6749 §5.1 asks of token responses beside {@code no-store}. */
    public static final Header PRAGMA_NO_CACHE = HeaderValues.createCached(HeaderNames.PRAGMA, "no-cache");
    /** Helidon names no such header. */
    public static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");

    private static final Header NOSNIFF = HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
    private static final Header NOTHING_RUNS =
            HeaderValues.createCached(CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'");
    private static final Header NO_REFERRER =
            HeaderValues.createCached(HeaderNames.create("Referrer-Policy"), "no-referrer");
    private static final List<Header> EVERY_RESPONSE = List.of(NO_STORE, NOSNIFF, NOTHING_RUNS, NO_REFERRER);
    /** RFC 9110 §5.6.7's IMF-fixdate: always two-digit days, English names, GMT. */
    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        EVERY_RESPONSE.forEach(res::header);
        res.header(date(Instant.now()));
        chain.proceed();
    }

    /**
     * Sets the headers of every response on an answer the webserver makes before any routing (a
     * request line or header section it cannot read, an unsupported HTTP version).
     */
    static void setOn(ServerResponseHeaders headers) {
        EVERY_RESPONSE.forEach(headers::set);
        headers.set(date(Instant.now()));
    }

    /** A {@code Date} header and the second it names. */
    private record DateOfSecond(long epochSecond, Header header) {}

    /** The last {@code Date} made: formatting one took 2 % of the request threads' time under load. */
    private static volatile DateOfSecond lastDate;

    /** The {@code Date} header for {@code now}, as IMF-fixdate. */
    static Header date(Instant now) {
        DateOfSecond last = lastDate;
        if (last == null || last.epochSecond() != now.getEpochSecond()) {
            last = new DateOfSecond(
                    now.getEpochSecond(), HeaderValues.createCached(HeaderNames.DATE, IMF_FIXDATE.format(now)));
            lastDate = last;
        }
        return last.header();
    }
}
