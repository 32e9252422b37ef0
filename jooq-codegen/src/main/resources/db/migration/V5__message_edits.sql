-- Messages can be edited and deleted by their authors, and can answer another message.
--
-- A deleted message stays as a tombstone: its row keeps its id, author, session and times, gains
-- deleted_at, and loses its text (stored as '', the API shows null; SQLite cannot drop the NOT NULL
-- of text without rebuilding the table). So messages are no longer deleted only with their session:
-- chat_sessions.message_count and session_members.read_count count the messages that are not
-- deleted, and a deletion takes the message off both (see V2).
-- reply_to: a message of the same session, checked when posting. No foreign key: rows leave only with
-- their whole session, the replies with them, and checking one would cost every session deletion a
-- look-up per message.
ALTER TABLE messages ADD COLUMN reply_to BIGINT;
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;

-- seq: the position of the message's latest change in commit order, taken from the same counter as
-- ids (message_ids, V3): a new message's seq is its id, and an edit or deletion moves it to a fresh
-- value of the counter in the same transaction. "Every change after seq N" is then a cursor that never
-- skips one, as "every message after id N" was: it is what event streams resume from
-- (docs/architecture.md, rule 2). Every insert names it; the default only fills the existing rows
-- before they get their ids.
ALTER TABLE messages ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE messages SET seq = id;
-- Unique: each value of the counter is one change of one message.
CREATE UNIQUE INDEX messages_seq ON messages (seq);
CREATE INDEX messages_session_seq ON messages (session_id, seq);
