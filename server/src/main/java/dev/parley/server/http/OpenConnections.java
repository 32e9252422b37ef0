package dev.parley.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open connection from the moment it is accepted, and whether it is between requests. When
 * the open connections come near the webserver's cap ({@code server.max-tcp-connections}), the ones
 * idle longest (those that have sent nothing yet, and keep-alive ones between requests) are closed
 * until there is room again, so that connections doing nothing cannot keep out a client that sends
 * a request: past the cap, new connections wait in the kernel's accept queue.
 * <p>
 * Its {@link #selector} is the listener's only connection selector, handing every connection to HTTP/1.1. Helidon asks
 * its only selector at once, before reading anything; with two or more (which Helidon also makes of
 * an HTTP/1.1 configuration given both in code and in the configuration), it first waits for the
 * client's first bytes, and until then neither its idle-connection timeout nor anything else sees the
 * connection: one that sends nothing stayed open for ever.
 */
public final class OpenConnections {

    /**
     * Connections idle for less than this are not closed: a new client's request is on its way. Short,
     * as a flood of new connections waits in the accept queue until older ones have been idle this long.
     */
    private static final long GRACE_NANOS = Duration.ofMillis(100).toNanos();

    private static final long BUSY = Long.MIN_VALUE;

    private final int closeIdleAbove;
    private final int closeIdleDownTo;
    private final Map<ConnectionContext, Tracked> open = new ConcurrentHashMap<>();

    /**
     * {@code maxConnections} is the webserver's cap (-1: none, and then none are closed for room);
     * idle connections are closed past 90 % of it, down to 75 %, so that the next burst finds room
     * at once rather than at the next check.
     */
    public OpenConnections(int maxConnections) {
        this.closeIdleAbove =
                maxConnections < 1 ? Integer.MAX_VALUE : maxConnections - Math.max(1, maxConnections / 10);
        this.closeIdleDownTo =
                maxConnections < 1 ? Integer.MAX_VALUE : maxConnections - Math.max(2, maxConnections / 4);
    }

    /** The selector that hands every connection to HTTP/1.1, as {@code http1} configures it, and registers it here. */
    public ServerConnectionSelector selector(Http1Config http1) {
        return new Selector(Http1ConnectionSelector.builder().config(http1).build());
    }

    /** The connection has begun a request: it is not idle until the answer is done. */
    void requestStarted(ConnectionContext ctx) {
        Tracked tracked = open.get(ctx);
        if (tracked != null) {
            tracked.idleSince = BUSY;
        }
    }

    /** The connection's answer is done: it is idle until its next request. */
    void requestEnded(ConnectionContext ctx) {
        Tracked tracked = open.get(ctx);
        if (tracked != null) {
            tracked.idleSince = System.nanoTime();
        }
    }

    /**
     * The HTTP/1.1 send listener that ends a connection once it has answered with
     * {@code Connection: close}. Helidon sends that header when what follows on the connection cannot
     * be read (a body whose chunked framing broke), but then reads on, and answered the rest of the
     * body again as if it were a next request.
     */
    public Http1ConnectionListener endingOnClose() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Tracked tracked = headers.containsToken(HeaderValues.CONNECTION_CLOSE) ? open.get(ctx) : null;
                // Not while it reads a request line: Helidon ends such a connection itself after its
                // answer, and closing it now would interrupt the thread that writes that answer.
                if (tracked != null && !tracked.canInterrupt()) {
                    tracked.connection.close(false);
                }
            }
        };
    }

    /** Connections open now. */
    int count() {
        return open.size();
    }

    /** When the connections are near the cap, closes the longest idle until they are below it again. */
    void closeIdleWhenFull() {
        int size = open.size();
        if (size <= closeIdleAbove) {
            return;
        }
        int excess = size - closeIdleDownTo;
        long now = System.nanoTime();
        List<Tracked> idle = open.values().stream()
                .filter(tracked -> tracked.idleFor(now) > GRACE_NANOS)
                .sorted(Comparator.comparingLong(tracked -> -tracked.idleFor(now)))
                .limit(excess)
                .toList();
        idle.forEach(Tracked::closeIfIdle);
    }

    private final class Selector implements ServerConnectionSelector {
        private final ServerConnectionSelector http1;

        Selector(ServerConnectionSelector http1) {
            this.http1 = http1;
        }

        @Override
        public int bytesToIdentifyConnection() {
            return http1.bytesToIdentifyConnection();
        }

        @Override
        public Support supports(BufferData data) {
            return http1.supports(data);
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            Tracked tracked = new Tracked(ctx, http1.connection(ctx));
            open.put(ctx, tracked);
            return tracked;
        }
    }

    /** HTTP/1.1's connection, which leaves the register when it ends. */
    private final class Tracked implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionContext ctx;
        private final ServerConnection connection;
        private volatile long idleSince = System.nanoTime();

        Tracked(ConnectionContext ctx, ServerConnection connection) {
            this.ctx = ctx;
            this.connection = connection;
        }

        long idleFor(long now) {
            long since = idleSince;
            return since == BUSY ? -1 : now - since;
        }

        void closeIfIdle() {
            if (idleSince != BUSY) {
                try {
                    ctx.serverSocket().close();
                } catch (RuntimeException e) {
                    // Closed already, by its client or by the end of its last request.
                }
            }
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                connection.handle(limit);
            } finally {
                open.remove(ctx);
            }
        }

        @Override
        public Duration idleTime() {
            return connection.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            connection.close(interrupt);
        }

        /** Whether stopping the server may interrupt the connection's thread now (between requests). */
        @Override
        public boolean canInterrupt() {
            return connection instanceof InterruptableTask<?> task && task.canInterrupt();
        }

        @Override
        public Void call() {
            throw new UnsupportedOperationException("a connection is run by handle(), never as a task");
        }
    }
}
