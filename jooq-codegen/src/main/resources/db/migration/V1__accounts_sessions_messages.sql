-- The schema of Parley's first version. Keep it portable: it runs on SQLite and PostgreSQL.
-- ${identity} is the one spelling that differs: an auto-increment 64-bit primary key that never
-- reuses an id (message ids must grow monotonically, even after deletes).
-- Times are epoch milliseconds (BIGINT): exact, sortable, and the same on every database.

CREATE TABLE users (
    id            ${identity},
    email         VARCHAR(254) NOT NULL,
    -- email folded to lower case: uniqueness and log-in ignore case, the stored email keeps it.
    email_key     VARCHAR(254) NOT NULL,
    password_hash VARCHAR(60)  NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email_key);

-- A grant is one log-in: the access tokens and the chain of refresh tokens issued from it.
-- Revoking it (log-out, or a refresh token used twice) ends all of them at once.
CREATE TABLE grants (
    id         ${identity},
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX grants_revoked_at ON grants (revoked_at);

-- Only a SHA-256 of each refresh token is stored; used_at marks a token already exchanged.
CREATE TABLE refresh_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    grant_id   BIGINT      NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    created_at BIGINT      NOT NULL,
    used_at    BIGINT
);
CREATE INDEX refresh_tokens_grant_id ON refresh_tokens (grant_id);

CREATE TABLE chat_sessions (
    id               ${identity},
    user_id          BIGINT       NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title            VARCHAR(200) NOT NULL,
    created_at       BIGINT       NOT NULL,
    last_message_at  BIGINT,
    -- last message, else creation: what "most recent activity first" sorts by.
    last_activity_at BIGINT       NOT NULL
);
CREATE INDEX chat_sessions_user_activity ON chat_sessions (user_id, last_activity_at, id);

CREATE TABLE messages (
    id              ${identity},
    session_id      BIGINT        NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
    user_id         BIGINT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text            VARCHAR(4000) NOT NULL,
    created_at      BIGINT        NOT NULL,
    idempotency_key VARCHAR(255)
);
CREATE INDEX messages_session_id ON messages (session_id, id);
-- NULL keys are distinct on both databases, so only keyed sends are deduplicated.
CREATE UNIQUE INDEX messages_idempotency_key ON messages (session_id, user_id, idempotency_key);
