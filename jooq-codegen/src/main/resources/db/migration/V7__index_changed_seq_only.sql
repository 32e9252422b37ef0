-- Only the messages that were edited or deleted need an index on seq. A message never changed has
-- seq = id (V5), and its position in commit order is then its id, which the primary key and
-- messages_session_id (V1) already order. The two indexes of V5 over every row cost each post two
-- more index inserts (a third of the durable posting rate, benchmark/README.md); this partial index
-- costs a post nothing, as a new message has seq = id.
-- Readers ask for "changed after N" as two ranges: unchanged messages by id (seq = id), changed ones
-- by seq (seq <> id), the form this index answers (EventQueries, ChangeFeed).
-- Unique still: a changed message's seq is a value of the id counter no other row was given.
DROP INDEX messages_seq;
DROP INDEX messages_session_seq;
CREATE UNIQUE INDEX messages_changed_seq ON messages (seq) WHERE seq <> id;
