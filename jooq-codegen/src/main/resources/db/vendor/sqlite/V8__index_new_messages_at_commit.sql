-- New messages are added to the full-text index once per transaction, just before its commit, by the
-- writer (db/MessageIds, db/Fts5NewMessages): one INSERT ... SELECT of the messages whose ids the
-- transaction handed out, in place of V6's trigger on every insert.
-- Why: FTS5 writes its pending terms out to the index at every savepoint it sees, and each post runs in
-- a savepoint of its own (db/SerialWriter), as does a statement that fires a trigger writing to a virtual
-- table. With the trigger, every post wrote a segment of its own: the index cost a post about 19 µs of
-- the writer's time, against about 4 µs for one INSERT ... SELECT per transaction (benchmark/README.md).
-- The index is still kept in step in the transaction of every write.
--
-- An edit or deletion of a message created by the same transaction finds it not yet indexed: the
-- triggers below leave such a message alone (its id is above the counter, which the writer stores only
-- at the commit), and the INSERT ... SELECT indexes the text it ends the transaction with. FTS5's
-- 'delete' must be given exactly what was indexed: a deletion of tokens never indexed corrupts the
-- index (db/SearchIndexMigrationTest).
-- A message inserted other than through the writer's MessageIds is not indexed.
DROP TRIGGER messages_fts_insert;
DROP TRIGGER messages_fts_update;
DROP TRIGGER messages_fts_delete;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.id <= (SELECT last_id FROM message_ids)
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
WHEN old.id <= (SELECT last_id FROM message_ids)
BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
