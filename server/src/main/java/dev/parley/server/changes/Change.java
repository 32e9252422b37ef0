package dev.parley.server.changes;

/**
 * Something a committed write changed that in-memory views of the data must hear of: on every
 * server sharing the database, in commit order.
 */
public sealed interface Change permits SessionChange, Change.GrantRevoked, Change.MaybeMissed {

    /** A log-in was revoked (log-out, or a refresh token used twice): its access tokens stop working. */
    record GrantRevoked(long grantId) implements Change {}

    /**
     * Changes may have been missed (this server lost its connection to the other servers' changes for
     * a while): whatever is kept in memory must be reloaded, and open streams told to reconnect.
     */
    record MaybeMissed() implements Change {}
}
