package dev.parley.server.changes;

import dev.parley.api.Message;

/**
 * Something that happened to a session, told once it is committed, in commit order: what live event
 * streams deliver (messages posted, edited and deleted) or what changes who may follow them.
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

    /**
     * A message that was there changed: edited or deleted. {@code message} is what it is now (on
     * PostgreSQL, as another server read it back: possibly with a later change in it already, which
     * is told after this one). The change's seq is {@code seq}, and the message's seq before it was
     * {@code previousSeq}: what a stream's replay may have read it at (docs/architecture.md, rule 6).
     */
    sealed interface MessageChanged extends SessionChange {

        /**
         * The previous seq of a change found without its notification (by the PostgreSQL change
         * feed's nets), which is not known: a stream tells such a change as what it is.
         */
        long UNKNOWN = Long.MAX_VALUE;

        Message message();

        long seq();

        long previousSeq();

        @Override
        default long sessionId() {
            return message().sessionId();
        }
    }

    /** Its author edited a message. */
    record MessageEdited(Message message, long seq, long previousSeq) implements MessageChanged {}

    /** A message was deleted: {@code message} is its tombstone, without text. */
    record MessageDeleted(Message message, long seq, long previousSeq) implements MessageChanged {}

    /** {@code userId} ({@code email}) joined the session: their streams of all sessions now include it. */
    record MemberAdded(long sessionId, long userId, String email) implements SessionChange {}

    /** {@code userId} ({@code email}) left or was removed: their access ends at once, open streams included. */
    record MemberRemoved(long sessionId, long userId, String email) implements SessionChange {}

    /** The session's title is now {@code title}. */
    record SessionRenamed(long sessionId, String title) implements SessionChange {}

    /** The session is gone, and every stream of it ends. */
    record SessionDeleted(long sessionId) implements SessionChange {}
}
