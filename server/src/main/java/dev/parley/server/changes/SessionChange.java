package dev.parley.server.changes;

import dev.parley.api.Message;

/**
 * Something that happened to a session, told once it is committed, in commit order: what live event
 * streams deliver (messages) or what changes who may follow them.
 */
public sealed interface SessionChange extends Change {

    long sessionId();

    /** A new message. */
    record MessagePosted(Message message) implements SessionChange {
        @Override
        public long sessionId() {
            return message.sessionId();
        }
    }

    /** {@code userId} ({@code email}) joined the session: their streams of all sessions now include it. */
    record MemberAdded(long sessionId, long userId, String email) implements SessionChange {}

    /** {@code userId} ({@code email}) left or was removed: their access ends at once, open streams included. */
    record MemberRemoved(long sessionId, long userId, String email) implements SessionChange {}

    /** The session's title is now {@code title}. */
    record SessionRenamed(long sessionId, String title) implements SessionChange {}

    /** The session is gone, and every stream of it ends. */
    record SessionDeleted(long sessionId) implements SessionChange {}
}
