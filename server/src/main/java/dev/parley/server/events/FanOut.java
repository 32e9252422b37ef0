package dev.parley.server.events;

import dev.parley.server.changes.SessionChange;

/**
 * Delivers committed session events to this server's open event streams that follow them
 * ({@link LocalFanOut}): this server's commits and (on PostgreSQL) the other servers' alike, in
 * commit order, through {@code db.Changes}. {@link #subscribe} is called right after the commit that
 * checked the stream's access; why no event is then missed or seen too late: docs/architecture.md,
 * rules 3 and 5.
 */
interface FanOut extends AutoCloseable {

    /** Hands a committed event on; never blocks on a slow stream. */
    void publish(SessionChange event);

    /** Starts delivering to {@code subscription}. */
    void subscribe(Subscription subscription);

    /** Stops delivering to {@code subscription}; its stream has ended. */
    void unsubscribe(Subscription subscription);

    /** Ends every stream for {@code why}; their clients reconnect with Last-Event-ID. */
    void endAll(Subscription.End why);

    /** Ends every stream (the server is stopping); their clients reconnect elsewhere or later. */
    @Override
    void close();
}
