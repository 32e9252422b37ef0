-- Stream tickets: single-use, short-lived credentials with which a browser's EventSource (which cannot
-- send an Authorization header) opens an event stream; see docs/browser-streams.md. As for refresh
-- tokens, only a hash of each ticket is stored. The access token it was issued for is stored sealed
-- (AES-GCM) under a key that only the ticket itself yields, so the table alone opens nothing.
CREATE TABLE stream_tickets (
    ticket_hash  VARCHAR(64) NOT NULL PRIMARY KEY,
    -- The one session whose stream it opens; NULL: the stream of all the caller's sessions.
    session_id   BIGINT,
    sealed_token TEXT        NOT NULL,
    expires_at   BIGINT      NOT NULL
);
-- Each new ticket deletes the expired ones.
CREATE INDEX stream_tickets_expires_at ON stream_tickets (expires_at);
