package dev.parley.server.http;

import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.util.List;

/**
 * Parley's HTTP/1.1 send listeners as the one listener Helidon is given. Helidon 4.5 composes two or
 * more into a listener that passes none of its calls on (its {@code ListFrameListener} overrides no
 * method), so each would silently stop working the moment a second was added. Only
 * {@link #headers} is passed on: it is all that ours listen to.
 */
public final class SendListeners implements Http1ConnectionListener {

    private final List<Http1ConnectionListener> listeners;

    private SendListeners(List<Http1ConnectionListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public static Http1ConnectionListener of(Http1ConnectionListener... listeners) {
        return new SendListeners(List.of(listeners));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        listeners.forEach(listener -> listener.headers(ctx, headers));
    }
}
