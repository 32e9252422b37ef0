package dev.parley.api;

/**
 * Why the server is ending an event stream ({@code end}): its last event, without an {@code id:},
 * written just before the close. {@code reason} is one of the constants below; a later server may
 * add more, which a client treats as a reason to reconnect with {@code Last-Event-ID}.
 */
public record StreamEndEvent(String reason) {

    /** The access token that opened the stream expired: refresh it, and reconnect at once. */
    public static final String TOKEN_EXPIRED = "token_expired";
    /** The login the token belongs to was logged out (revoked): reconnecting needs a new log-in. */
    public static final String LOGGED_OUT = "logged_out";
    /** The client read too slowly: reconnect with {@code Last-Event-ID}; nothing is lost. */
    public static final String FELL_BEHIND = "fell_behind";
    /** The server may have missed changes (a lost database feed): reconnect with {@code Last-Event-ID}. */
    public static final String CHANGES_MISSED = "changes_missed";
    /** The user left or was removed from the stream's session: reconnecting gets 404. */
    public static final String REMOVED = "removed";
    /** The stream's session was deleted: reconnecting gets 404. */
    public static final String SESSION_DELETED = "session_deleted";
    /** The server is stopping: reconnect with {@code Last-Event-ID} once it is back. */
    public static final String SERVER_STOPPING = "server_stopping";
}
