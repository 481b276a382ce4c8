-- The arena: competitions, their phases, the hidden solution, teams, submissions. The solution and the submitted files
-- are bytes in their own tables that no route returns; split_seed is the secret that fixes the public/private split.
CREATE TABLE arena_competitions (
    id                VARCHAR(24)   PRIMARY KEY,
    name              VARCHAR(96)   NOT NULL,
    name_key          VARCHAR(96)   NOT NULL UNIQUE,
    title             VARCHAR(200)  NOT NULL,
    description       TEXT          NOT NULL,
    rules             TEXT          NOT NULL,
    dataset_repo      VARCHAR(200),
    host_id           VARCHAR(24)   NOT NULL REFERENCES accounts (id),
    metric            VARCHAR(24)   NOT NULL,
    metric_k          INTEGER       NOT NULL,
    board_mode        VARCHAR(12)   NOT NULL CHECK (board_mode IN ('exact', 'rounded', 'ladder')),
    round_digits      INTEGER       NOT NULL,
    public_percent    INTEGER       NOT NULL,
    split_seed        BIGINT        NOT NULL,
    max_team_size     INTEGER       NOT NULL,
    selection_limit   INTEGER       NOT NULL,
    late_submissions  INTEGER       NOT NULL,
    merge_deadline    BIGINT,
    closed_at         BIGINT,
    created_at        BIGINT        NOT NULL
);

CREATE TABLE arena_phases (
    competition_id  VARCHAR(24)   NOT NULL REFERENCES arena_competitions (id) ON DELETE CASCADE,
    seq             INTEGER       NOT NULL,
    name            VARCHAR(96)   NOT NULL,
    starts_at       BIGINT        NOT NULL,
    ends_at         BIGINT        NOT NULL,
    daily_cap       INTEGER       NOT NULL,
    PRIMARY KEY (competition_id, seq)
);

CREATE TABLE arena_solutions (
    competition_id  VARCHAR(24)   PRIMARY KEY REFERENCES arena_competitions (id) ON DELETE CASCADE,
    content         ${blob}       NOT NULL,
    row_count       INTEGER       NOT NULL,
    version         BIGINT        NOT NULL
);

CREATE TABLE arena_teams (
    id                   VARCHAR(24)   PRIMARY KEY,
    competition_id       VARCHAR(24)   NOT NULL REFERENCES arena_competitions (id) ON DELETE CASCADE,
    name                 VARCHAR(96)   NOT NULL,
    name_key             VARCHAR(96)   NOT NULL,
    ladder_best          VARCHAR(24),
    created_at           BIGINT        NOT NULL,
    UNIQUE (competition_id, name_key)
);

-- one account in one team per competition; joining accepts the rules
CREATE TABLE arena_members (
    competition_id  VARCHAR(24)   NOT NULL REFERENCES arena_competitions (id) ON DELETE CASCADE,
    account_id      VARCHAR(24)   NOT NULL REFERENCES accounts (id),
    team_id         VARCHAR(24)   NOT NULL REFERENCES arena_teams (id) ON DELETE CASCADE,
    joined_at       BIGINT        NOT NULL,
    PRIMARY KEY (competition_id, account_id)
);

-- an invitation from a team to an account; accepting it joins (or merges the invitee's team into) that team
CREATE TABLE arena_invites (
    team_id     VARCHAR(24)  NOT NULL REFERENCES arena_teams (id) ON DELETE CASCADE,
    account_id  VARCHAR(24)  NOT NULL REFERENCES accounts (id),
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (team_id, account_id)
);

CREATE TABLE arena_submissions (
    id              VARCHAR(24)    PRIMARY KEY,
    competition_id  VARCHAR(24)    NOT NULL REFERENCES arena_competitions (id) ON DELETE CASCADE,
    team_id         VARCHAR(24)    NOT NULL REFERENCES arena_teams (id) ON DELETE CASCADE,
    account_id      VARCHAR(24)    NOT NULL REFERENCES accounts (id),
    message         VARCHAR(1024)  NOT NULL,
    submitted_at    BIGINT         NOT NULL,
    utc_day         BIGINT         NOT NULL,
    late            INTEGER        NOT NULL,
    status          VARCHAR(12)    NOT NULL CHECK (status IN ('queued', 'scored', 'failed')),
    blame           VARCHAR(16),
    error           VARCHAR(1024),
    public_score    DOUBLE PRECISION,
    private_score   DOUBLE PRECISION,
    released_score  DOUBLE PRECISION,
    selected        INTEGER        NOT NULL,
    job_id          VARCHAR(24)
);
CREATE INDEX arena_submissions_by_team ON arena_submissions (team_id, utc_day);
CREATE INDEX arena_submissions_by_competition ON arena_submissions (competition_id, status);

CREATE TABLE arena_submission_files (
    submission_id  VARCHAR(24)  PRIMARY KEY REFERENCES arena_submissions (id) ON DELETE CASCADE,
    content        ${blob}      NOT NULL
);
