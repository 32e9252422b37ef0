package dev.parley.server;

import dev.parley.server.account.AccountRoutes;
import dev.parley.server.db.Database;
import dev.parley.server.events.EventRoutes;
import dev.parley.server.metrics.Meters;
import io.helidon.webserver.WebServer;

/** A running Parley: the webserver and what it holds open, stopped in the order that loses nothing. */
public final class ParleyServer implements AutoCloseable {

    private final WebServer webServer;
    private final EventRoutes events;
    private final AccountRoutes accounts;
    private final Database database;
    private final Meters meters;
    private boolean closed;

    ParleyServer(WebServer webServer, EventRoutes events, AccountRoutes accounts, Database database, Meters meters) {
        this.webServer = webServer;
        this.events = events;
        this.accounts = accounts;
        this.database = database;
        this.meters = meters;
    }

    public int port() {
        return webServer.port();
    }

    /**
     * Ends the event streams (each after a whole event, with a comment asking its client to reconnect
     * with Last-Event-ID: to this server once it is back, or to another), stops taking requests, lets
     * those in flight finish (for up to {@code server.shutdown-grace-period}), then commits what is
     * queued, closes the database and takes this server's meters out of the JVM's registry. A second call, from the shutdown hook after
     * SIGTERM has stopped the server say, waits until the first one is done and changes nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        webServer.stop();
        accounts.close();
        database.close();
        meters.close();
    }
}
