package dev.parley.server.events;

import dev.parley.server.changes.SessionChange;

/**
 * Delivers committed session events to the open event streams that follow them. This server's
 * streams are fed in process ({@link LocalFanOut}); servers sharing one database will need an
 * implementation that also hears of the others' commits, behind this same interface.
 *
 * <p>Both methods are called in commit order, by the database writer: {@link #publish} after each
 * commit, {@link #subscribe} right after the commit that checked the stream's access. So no event
 * can fall between a stream's access check and its first delivery, and no event reaches a stream
 * whose access ended before it.
 */
interface FanOut extends AutoCloseable {

    /** Hands a committed event on; never blocks on a slow stream. */
    void publish(SessionChange event);

    /** Starts delivering to {@code subscription}. */
    void subscribe(Subscription subscription);

    /** Stops delivering to {@code subscription}; its stream has ended. */
    void unsubscribe(Subscription subscription);

    /** Ends every stream (the server is stopping); their clients reconnect elsewhere or later. */
    @Override
    void close();
}
