-- Users and organisations share one namespace, as on the Hugging Face Hub.
CREATE TABLE accounts (
    id          VARCHAR(24)  PRIMARY KEY,
    name        VARCHAR(96)  NOT NULL,
    name_key    VARCHAR(96)  NOT NULL UNIQUE,
    kind        VARCHAR(8)   NOT NULL CHECK (kind IN ('user', 'org')),
    fullname    VARCHAR(256) NOT NULL,
    email       VARCHAR(256),
    site_admin  BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE memberships (
    org_id      VARCHAR(24) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    user_id     VARCHAR(24) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role        VARCHAR(8)  NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- Only the SHA-256 of a token is stored; the secret is shown once, at creation.
CREATE TABLE tokens (
    id            VARCHAR(24)  PRIMARY KEY,
    user_id       VARCHAR(24)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name          VARCHAR(96)  NOT NULL,
    role          VARCHAR(8)   NOT NULL CHECK (role IN ('read', 'write')),
    secret_hash   VARCHAR(64)  NOT NULL UNIQUE,
    created_at    BIGINT       NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX tokens_by_user ON tokens (user_id);
