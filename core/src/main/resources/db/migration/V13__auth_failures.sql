-- Failed authentication per client address ('a:…') and per account name ('u:…'), counted in a window that starts
-- at the first failure; every node sharing the database sees the same counts (hub.accounts.AuthThrottle).
CREATE TABLE auth_failures (
    scope_key     VARCHAR(160) PRIMARY KEY,
    window_start  BIGINT       NOT NULL,
    failures      INTEGER      NOT NULL
);
CREATE INDEX auth_failures_by_window ON auth_failures (window_start);
