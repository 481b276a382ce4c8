-- Federated learning: federations (who may join), nodes, tasks and their rounds.
-- Global models and strategy state live in the model store, not here; rows point at rounds.
CREATE TABLE fl_federations (
    id          VARCHAR(24)  PRIMARY KEY,
    name        VARCHAR(96)  NOT NULL UNIQUE,
    token_hash  VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE fl_nodes (
    id             VARCHAR(24)  PRIMARY KEY,
    federation_id  VARCHAR(24)  NOT NULL REFERENCES fl_federations (id) ON DELETE CASCADE,
    name           VARCHAR(128) NOT NULL,
    session_hash   VARCHAR(64)  NOT NULL,
    properties     TEXT         NOT NULL,
    registered_at  BIGINT       NOT NULL,
    UNIQUE (federation_id, name)
);

CREATE TABLE fl_tasks (
    id                VARCHAR(24)  PRIMARY KEY,
    federation_id     VARCHAR(24)  NOT NULL REFERENCES fl_federations (id) ON DELETE CASCADE,
    name              VARCHAR(128) NOT NULL,
    spec              TEXT         NOT NULL,
    status            VARCHAR(12)  NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    completed_rounds  INTEGER      NOT NULL,
    run_id            VARCHAR(64),
    message           VARCHAR(1024),
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);
CREATE INDEX fl_tasks_by_status ON fl_tasks (status);

CREATE TABLE fl_rounds (
    task_id       VARCHAR(24)  NOT NULL REFERENCES fl_tasks (id) ON DELETE CASCADE,
    round_no      INTEGER      NOT NULL,
    attempts      INTEGER      NOT NULL,
    status        VARCHAR(12)  NOT NULL CHECK (status IN ('completed', 'abandoned')),
    participants  INTEGER      NOT NULL,
    failures      INTEGER      NOT NULL,
    bytes_in      BIGINT       NOT NULL,
    bytes_out     BIGINT       NOT NULL,
    revision      VARCHAR(128),
    metrics       TEXT         NOT NULL,
    ended_at      BIGINT       NOT NULL,
    PRIMARY KEY (task_id, round_no)
);
