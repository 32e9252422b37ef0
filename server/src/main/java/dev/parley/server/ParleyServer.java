package dev.parley.server;

import dev.parley.server.account.AccountRoutes;
import dev.parley.server.db.Database;
import dev.parley.server.events.EventRoutes;
import io.helidon.webserver.WebServer;

/** A running Parley: the webserver and what it holds open, stopped in the order that loses nothing. */
public final class ParleyServer implements AutoCloseable {

    private final WebServer webServer;
    private final EventRoutes events;
    private final AccountRoutes accounts;
    private final Database database;

    ParleyServer(WebServer webServer, EventRoutes events, AccountRoutes accounts, Database database) {
        this.webServer = webServer;
        this.events = events;
        this.accounts = accounts;
        this.database = database;
    }

    public int port() {
        return webServer.port();
    }

    /**
     * Ends the event streams (their clients reconnect, to this server once it is back or to another),
     * stops taking requests, lets those in flight finish, then commits and closes the database.
     */
    @Override
    public void close() {
        events.close();
        webServer.stop();
        accounts.close();
        database.close();
    }
}
