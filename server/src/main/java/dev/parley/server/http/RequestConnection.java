package dev.parley.server.http;

import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/**
 * The connection a request came on, which a handler whose answer never ends (an event stream) may
 * cut: a client that stops reading blocks the writing thread in its write for as long as it likes,
 * and Helidon 4.5 has no write timeout, so closing the socket is the only way to make that write fail.
 */
public final class RequestConnection {

    private final ConnectionContext ctx;

    RequestConnection(ConnectionContext ctx) {
        this.ctx = ctx;
    }

    /** The request's connection; empty when the request came without one (a routing test's direct client). */
    public static Optional<RequestConnection> of(ServerRequest req) {
        return req.context().get(RequestConnection.class);
    }

    /** Closes the connection under whatever thread reads or writes it, which then fails; never throws. */
    public void close() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            // Closed already: the client left, or the request ended it.
        }
    }
}
