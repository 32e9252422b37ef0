-- Full-text search on SQLite (docs/api.md, "Searching messages"): an FTS5 index of messages.text.
-- External content: the index stores tokens only and reads each text back from messages by id, so
-- texts are not stored twice. The triggers keep it in step in the transaction of every write: a new
-- message is indexed, an edited text replaces its old tokens, a deleted row (or an emptied text)
-- leaves none (the external-content triggers of the FTS5 documentation).
-- unicode61 without removing diacritics, to split and fold text as PostgreSQL's 'simple'
-- configuration does (db/vendor/postgresql/V6__message_search.sql): "café" does not match "cafe".
-- jOOQ generates no classes for this table or its shadow tables (jooq-codegen/pom.xml excludes them).
-- A later migration that rebuilds messages (SQLite's way to change a column: create, copy, drop,
-- rename) drops these triggers with the old table: it must create them again, and rebuild the index.
CREATE VIRTUAL TABLE messages_fts USING fts5(
    text,
    content = 'messages',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);

CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

-- The messages stored before this version.
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
