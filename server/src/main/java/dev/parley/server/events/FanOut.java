package dev.parley.server.events;

import dev.parley.server.changes.SessionChange;

/**
 * Delivers committed session events to this server's open event streams that follow them
 * ({@link LocalFanOut}). Other servers' commits reach it the same way as this one's: through the
 * database's changes (see {@code db.Changes}), which call {@link #publish} in commit order.
 *
 * <p>{@link #subscribe} is called right after the commit that checked the stream's access, and
 * {@link #publish} hears of each change committed after it (and possibly of some committed just
 * before, which a stream tolerates: it drops ids it has written). So no event can fall between a
 * stream's access check and its first delivery, and no event committed after a stream's access
 * ended reaches it.
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
