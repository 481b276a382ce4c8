-- The shared job system (module jobs): work that a worker in this process or a remote one leases, heartbeats and
-- reports on. A lease is a random token held until lease_expires_at; a report with any other token, or after that
-- time, is refused. not_before delays a retry (backoff); blame says whose fault a failure was, so that callers
-- (arena's daily cap) never count an infrastructure failure against the person who submitted the work.
CREATE TABLE jobs (
    id                VARCHAR(24)   PRIMARY KEY,
    queue             VARCHAR(128)  NOT NULL,
    job_key           VARCHAR(200)  NOT NULL,
    payload           TEXT          NOT NULL,
    state             VARCHAR(12)   NOT NULL CHECK (state IN ('queued', 'leased', 'succeeded', 'failed')),
    attempts          INTEGER       NOT NULL,
    max_attempts      INTEGER       NOT NULL,
    not_before        BIGINT        NOT NULL,
    lease_token       VARCHAR(64),
    worker            VARCHAR(128),
    lease_expires_at  BIGINT,
    heartbeat_at      BIGINT,
    result            TEXT,
    blame             VARCHAR(16)   CHECK (blame IN ('input', 'infrastructure')),
    error             VARCHAR(1024),
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT        NOT NULL,
    UNIQUE (queue, job_key)
);
CREATE INDEX jobs_ready ON jobs (queue, state, not_before, created_at);
