package dev.parley.server.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The response a GET handler writes when it answers a HEAD request: everything passes through but
 * the body, whose length becomes the {@code Content-Length} (RFC 9110 §9.3.2). Helidon 4.5 would
 * send a HEAD answer's body, which a client reads as the start of the next answer.
 */
final class HeadResponse implements ServerResponse {

    private final ServerResponse response;

    HeadResponse(ServerResponse response) {
        this.response = response;
    }

    @Override
    public void send(byte[] entity) {
        withoutBody(response, entity.length);
    }

    @Override
    public void send(Object entity) {
        switch (entity) {
            case byte[] bytes -> send(bytes);
            case String text -> withoutBody(response, text.getBytes(StandardCharsets.UTF_8).length);
            default -> {
                // Of unknown length until written by the media support: written, then dropped.
                response.streamFilter(body -> OutputStream.nullOutputStream());
                response.send(entity);
            }
        }
    }

    @Override
    public OutputStream outputStream() {
        return new OutputStream() {
            private long length;

            @Override
            public void write(int b) {
                length++;
            }

            @Override
            public void write(byte[] bytes, int offset, int count) {
                length += count;
            }

            @Override
            public void close() {
                withoutBody(response, length);
            }
        };
    }

    /** Sends the status and headers of an answer whose body would be {@code length} bytes. */
    static void withoutBody(ServerResponse response, long length) {
        response.headers().contentLength(length);
        response.send();
    }

    @Override
    public ServerResponse status(Status status) {
        response.status(status);
        return this;
    }

    @Override
    public Status status() {
        return response.status();
    }

    @Override
    public ServerResponse header(Header header) {
        response.header(header);
        return this;
    }

    @Override
    public void send() {
        response.send();
    }

    @Override
    public boolean isSent() {
        return response.isSent();
    }

    @Override
    public long bytesWritten() {
        return response.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        response.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        response.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        response.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        response.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return response.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return response.trailers();
    }

    @Override
    public void streamResult(String result) {
        response.streamResult(result);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        response.streamFilter(filterFunction);
    }
}
