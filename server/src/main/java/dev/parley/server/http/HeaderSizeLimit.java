package dev.parley.server.http;

import io.helidon.http.Header;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * 431 for a request whose header section is larger than the API's limit. The webserver's own cap
 * ({@code server.protocols.http_1_1.max-headers-size}) is set higher: past it Helidon stops reading
 * and closes the connection with a plain 400 (it tells no size failure apart from other malformed
 * headers), so a client just over the limit gets an answer that says what is wrong.
 */
public final class HeaderSizeLimit implements Filter {

    private final long maxBytes;

    public HeaderSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long size = 0;
        for (Header header : req.headers()) {
            // As on the wire: "Name: value\r\n".
            size += header.name().length() + header.values().length() + 4;
        }
        if (size > maxBytes) {
            throw new ApiException.HeaderFieldsTooLarge(
                    "the request's headers take " + size + " bytes; the server accepts at most " + maxBytes);
        }
        chain.proceed();
    }
}
