-- Sessions with several people in them, and how far each of them has read.
-- The owner is a member too (a row here), so "who may see this session" is one look-up in one table.

CREATE TABLE session_members (
    session_id   BIGINT NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at    BIGINT NOT NULL,
    -- The read marker: the newest message the member has read (NULL: none yet) ...
    last_read_id BIGINT,
    -- ... and how many of the session's messages have an id up to it. Messages are only ever deleted
    -- with their session, so unread = chat_sessions.message_count - read_count, with no count query.
    read_count   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, user_id)
);
-- "My sessions" starts from the member side.
CREATE INDEX session_members_user_id ON session_members (user_id, session_id);

ALTER TABLE chat_sessions ADD COLUMN message_count BIGINT NOT NULL DEFAULT 0;

UPDATE chat_sessions
SET message_count = (SELECT COUNT(*) FROM messages WHERE messages.session_id = chat_sessions.id);

-- Every existing session had one person in it, who wrote all of its messages: they have read them.
INSERT INTO session_members (session_id, user_id, joined_at, last_read_id, read_count)
SELECT id, user_id, created_at,
       (SELECT MAX(messages.id) FROM messages WHERE messages.session_id = chat_sessions.id),
       message_count
FROM chat_sessions;
