-- Full-text search on PostgreSQL (docs/api.md, "Searching messages"): each message's tokens in a
-- generated column, which PostgreSQL computes in the statement that writes the text, so an edited
-- text replaces its old tokens and an emptied one leaves none; adding the column computes it for the
-- messages stored before this version. The 'simple' configuration lowercases and neither stems nor
-- drops stop words, the nearest to SQLite's unicode61 (db/vendor/sqlite/V6__message_search.sql).
ALTER TABLE messages
    ADD COLUMN text_search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED;

CREATE INDEX messages_text_search ON messages USING GIN (text_search);
