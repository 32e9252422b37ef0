package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Takes {@code Content-Length: 0} off the answer to HEAD on an event stream, just before its headers
 * are written. Helidon gives every answer sent whole a length, but a stream's has none: RFC 9110
 * §8.6 forbids a HEAD answer a {@code Content-Length} other than the GET body's. An event stream
 * answered with a length of zero can only be such a HEAD answer: a GET stream is sent chunked.
 */
public final class EndlessHeadAnswers implements Http1ConnectionListener {

    private static final String EVENT_STREAM = "text/event-stream";

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (headers instanceof WritableHeaders<?> writable
                && writable.contentLength().orElse(-1) == 0
                && writable.contentType()
                        .map(type -> type.mediaType().text().equals(EVENT_STREAM))
                        .orElse(false)) {
            writable.remove(HeaderNames.CONTENT_LENGTH);
        }
    }
}
