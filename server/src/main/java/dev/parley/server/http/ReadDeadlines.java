package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connection of a client that sends a request's headers or body too slowly (slowloris),
 * so that nobody holds a connection by trickling bytes. The headers must arrive within
 * {@code headersTimeout} of the request line, the body within {@code bodyTimeout} of the headers;
 * the request line itself is bounded by the webserver's idle-connection timeout. Helidon 4.5 has no
 * read timeout of its own on the server side. A client that slow would not read an answer either,
 * so none is sent.
 * <p>
 * Registered twice: as the HTTP/1.1 receive listener, which sees the request line and the headers
 * arrive, and as a routing filter, which sees where a body starts and ends and ties a timer thread
 * to the server's life. Both tell {@link OpenConnections} when a request starts and ends, and the
 * same timer lets it close idle connections when they fill the server. The filter also puts the
 * request's {@link RequestConnection} in its context, as only here is the connection known.
 */
public final class ReadDeadlines implements Http1ConnectionListener, Filter {

    // Helidon runs a connection's reading and its handlers on the connection's own (virtual) thread,
    // and only the listener is told the connection, so the filter finds it here.
    private static final ThreadLocal<ConnectionContext> CONNECTION = new ThreadLocal<>();

    private final long headersTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long checkEveryMillis;
    private final OpenConnections connections;
    private final Map<ConnectionContext, Long> deadlines = new ConcurrentHashMap<>();
    private ScheduledExecutorService checker;

    public ReadDeadlines(Duration headersTimeout, Duration bodyTimeout, OpenConnections connections) {
        this.headersTimeoutNanos = headersTimeout.toNanos();
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
        this.connections = connections;
        // A tenth of the shorter timeout, so a connection is closed within 110 % of its timeout; and at
        // most 100 ms, so that a server full of idle connections makes room for a new client at once.
        this.checkEveryMillis = Math.clamp(Math.min(headersTimeout.toMillis(), bodyTimeout.toMillis()) / 10, 10, 100);
    }

    @Override
    public void beforeStart() {
        checker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("parley-read-deadlines").factory());
        checker.scheduleWithFixedDelay(this::closeOverdue, checkEveryMillis, checkEveryMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterStop() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        CONNECTION.set(ctx);
        connections.requestStarted(ctx);
        deadlines.put(ctx, System.nanoTime() + headersTimeoutNanos);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        deadlines.remove(ctx);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ConnectionContext ctx = CONNECTION.get();
        if (ctx != null) {
            req.context().register(new RequestConnection(ctx));
        }
        if (ctx != null && hasBody(req)) {
            deadlines.put(ctx, System.nanoTime() + bodyTimeoutNanos);
            // Whoever reads the body, a handler or the webserver draining what a handler left, stops the clock at its
            // end.
            req.streamFilter(body -> new UntilEnd(body, ctx));
        }
        try {
            chain.proceed();
        } finally {
            if (ctx != null) {
                connections.requestEnded(ctx);
            }
        }
    }

    private static boolean hasBody(RoutingRequest req) {
        return req.headers().contentLength().orElse(0) > 0 || req.headers().contains(HeaderNames.TRANSFER_ENCODING);
    }

    private void closeOverdue() {
        connections.closeIdleWhenFull();
        long now = System.nanoTime();
        deadlines.forEach((ctx, deadline) -> {
            // Closed under its reader, which then ends it; close() never throws, or the checks would stop.
            if (now - deadline > 0 && deadlines.remove(ctx, deadline)) {
                new RequestConnection(ctx).close();
            }
        });
    }

    /** A body stream that takes its connection's deadline away once the body has been read or closed. */
    private final class UntilEnd extends FilterInputStream {
        private final ConnectionContext ctx;

        UntilEnd(InputStream body, ConnectionContext ctx) {
            super(body);
            this.ctx = ctx;
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            return ended(super.read(bytes, offset, length));
        }

        @Override
        public void close() throws IOException {
            deadlines.remove(ctx);
            super.close();
        }

        private int ended(int result) {
            if (result < 0) {
                deadlines.remove(ctx);
            }
            return result;
        }
    }
}
