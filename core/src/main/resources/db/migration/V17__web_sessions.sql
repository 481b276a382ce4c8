-- Sign-in passwords for the web app, as Argon2id PHC strings (hub.accounts.Passwords); accounts without a row sign in
-- with a token only.
CREATE TABLE passwords (
    user_id     VARCHAR(24)  PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    hash        VARCHAR(256) NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- Browser sessions, shared by every node on the database; only the SHA-256 of the cookie secret is stored.
CREATE TABLE web_sessions (
    id_hash     VARCHAR(64)  PRIMARY KEY,
    user_id     VARCHAR(24)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        VARCHAR(8)   NOT NULL CHECK (role IN ('read', 'write')),
    csrf        VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_id);
