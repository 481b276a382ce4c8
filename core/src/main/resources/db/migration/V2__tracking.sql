-- Experiment tracking and the model registry (MLflow-compatible). Times are epoch milliseconds.
-- Runs and metric keys have integer ids so the point table stays narrow: (run_id, key_id, step, ts, value).
CREATE TABLE experiments (
    id                 BIGINT        PRIMARY KEY,
    name               VARCHAR(500)  NOT NULL UNIQUE,
    artifact_location  VARCHAR(2000) NOT NULL,
    lifecycle_stage    VARCHAR(16)   NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted')),
    creation_time      BIGINT        NOT NULL,
    last_update_time   BIGINT        NOT NULL
);
INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active', 0, 0);

CREATE TABLE experiment_tags (
    experiment_id  BIGINT        NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    tag_key        VARCHAR(250)  NOT NULL,
    tag_value      VARCHAR(5000) NOT NULL,
    PRIMARY KEY (experiment_id, tag_key)
);

CREATE TABLE runs (
    id               BIGINT        PRIMARY KEY,
    run_uuid         VARCHAR(32)   NOT NULL UNIQUE,
    experiment_id    BIGINT        NOT NULL REFERENCES experiments (id),
    name             VARCHAR(250)  NOT NULL,
    user_id          VARCHAR(256)  NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    start_time       BIGINT        NOT NULL,
    end_time         BIGINT,
    lifecycle_stage  VARCHAR(16)   NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted')),
    artifact_uri     VARCHAR(2000) NOT NULL,
    deleted_time     BIGINT
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, lifecycle_stage, start_time);

CREATE TABLE metric_keys (
    id    BIGINT       PRIMARY KEY,
    name  VARCHAR(250) NOT NULL UNIQUE
);

-- One narrow row per point; NaN is stored as value 0 with is_nan, +/-Inf as +/-Double.MAX_VALUE (as MLflow does).
CREATE TABLE metric_points (
    run_id  BIGINT           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key_id  BIGINT           NOT NULL REFERENCES metric_keys (id),
    step    BIGINT           NOT NULL,
    ts      BIGINT           NOT NULL,
    value   DOUBLE PRECISION NOT NULL,
    is_nan  BOOLEAN          NOT NULL
);
CREATE INDEX metric_points_by_run_key ON metric_points (run_id, key_id, step);

-- The point with the greatest (step, ts, value) per run and key, kept up to date by every log-batch.
CREATE TABLE latest_metrics (
    run_id  BIGINT           NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    key_id  BIGINT           NOT NULL REFERENCES metric_keys (id),
    step    BIGINT           NOT NULL,
    ts      BIGINT           NOT NULL,
    value   DOUBLE PRECISION NOT NULL,
    is_nan  BOOLEAN          NOT NULL,
    PRIMARY KEY (run_id, key_id)
);
-- Covering: filters on one metric read run ids straight from the index.
CREATE INDEX latest_metrics_by_key_value ON latest_metrics (key_id, value, is_nan, run_id);

CREATE TABLE params (
    run_id       BIGINT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    param_key    VARCHAR(250)  NOT NULL,
    param_value  VARCHAR(6000) NOT NULL,
    PRIMARY KEY (run_id, param_key)
);
CREATE INDEX params_by_key_value ON params (param_key, param_value, run_id);

CREATE TABLE run_tags (
    run_id     BIGINT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tag_key    VARCHAR(250)  NOT NULL,
    tag_value  VARCHAR(8000) NOT NULL,
    PRIMARY KEY (run_id, tag_key)
);
CREATE INDEX run_tags_by_key_value ON run_tags (tag_key, tag_value, run_id);

CREATE TABLE datasets (
    experiment_id   BIGINT         NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    name            VARCHAR(500)   NOT NULL,
    digest          VARCHAR(36)    NOT NULL,
    source_type     VARCHAR(36)    NOT NULL,
    source          VARCHAR(65535) NOT NULL,
    dataset_schema  TEXT,
    profile         VARCHAR(16000),
    PRIMARY KEY (experiment_id, name, digest)
);

CREATE TABLE run_inputs (
    run_id          BIGINT        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    experiment_id   BIGINT        NOT NULL,
    name            VARCHAR(500)  NOT NULL,
    digest          VARCHAR(36)   NOT NULL,
    tags            TEXT          NOT NULL,
    PRIMARY KEY (run_id, name, digest)
);

CREATE TABLE registered_models (
    name                VARCHAR(256)  PRIMARY KEY,
    creation_time       BIGINT        NOT NULL,
    last_updated_time   BIGINT        NOT NULL,
    description         VARCHAR(5000)
);

CREATE TABLE registered_model_tags (
    name       VARCHAR(256)  NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE,
    tag_key    VARCHAR(250)  NOT NULL,
    tag_value  VARCHAR(5000) NOT NULL,
    PRIMARY KEY (name, tag_key)
);

CREATE TABLE model_versions (
    name                VARCHAR(256)  NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE,
    version             INTEGER       NOT NULL,
    creation_time       BIGINT        NOT NULL,
    last_updated_time   BIGINT        NOT NULL,
    description         VARCHAR(5000),
    user_id             VARCHAR(256),
    current_stage       VARCHAR(20)   NOT NULL,
    source              VARCHAR(2000) NOT NULL,
    run_id              VARCHAR(32),
    run_link            VARCHAR(500),
    status              VARCHAR(20)   NOT NULL,
    status_message      VARCHAR(500),
    deleted             BOOLEAN       NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE model_version_tags (
    name       VARCHAR(256)  NOT NULL,
    version    INTEGER       NOT NULL,
    tag_key    VARCHAR(250)  NOT NULL,
    tag_value  VARCHAR(5000) NOT NULL,
    PRIMARY KEY (name, version, tag_key),
    FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE registered_model_aliases (
    name     VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE,
    alias    VARCHAR(256) NOT NULL,
    version  INTEGER      NOT NULL,
    PRIMARY KEY (name, alias)
);
