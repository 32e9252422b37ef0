-- Only messages posted with an Idempotency-Key need an entry in the index that keeps keys unique.
-- V1's index held every message, the keyless ones under a NULL key, which never conflicts (NULLs are
-- distinct in a unique index on both databases). Its entries are ordered by session and poster, so
-- each post wrote to a page of its own: in a group commit of posts to different sessions, this index
-- was 31 of the 74 pages SQLite wrote to its WAL per commit (benchmark/README.md). A post without a
-- key now costs it nothing. A retry's lookup (session, poster and key, the key equal to a value) is
-- one the partial index answers, as an equal key is never NULL.
DROP INDEX messages_idempotency_key;
CREATE UNIQUE INDEX messages_idempotency_key ON messages (session_id, user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
