package dev.parley.cli.client;

import dev.parley.api.MemberEvent;
import dev.parley.api.SessionDeletedEvent;
import dev.parley.api.SessionRenamedEvent;

/**
 * What an event stream tells about a session besides its messages: the named events
 * {@code member_joined}, {@code member_left}, {@code session_renamed} and {@code session_deleted}.
 */
public sealed interface StreamNotice {

    long sessionId();

    record Joined(MemberEvent member) implements StreamNotice {
        @Override
        public long sessionId() {
            return member.sessionId();
        }
    }

    /** Left, or removed by the owner. */
    record Left(MemberEvent member) implements StreamNotice {
        @Override
        public long sessionId() {
            return member.sessionId();
        }
    }

    record Renamed(SessionRenamedEvent rename) implements StreamNotice {
        @Override
        public long sessionId() {
            return rename.sessionId();
        }
    }

    record Deleted(SessionDeletedEvent deletion) implements StreamNotice {
        @Override
        public long sessionId() {
            return deletion.sessionId();
        }
    }
}
