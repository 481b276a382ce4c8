-- Bring-your-own scoring workers (arena): a host registers a worker for one competition and gets a token once; only
-- its SHA-256 is kept, as for user tokens. Revoking deletes the row. A custom_loss worker reports per-row losses;
-- the public split's are kept so that the Ladder can compare a team's next submission with its best.
CREATE TABLE arena_workers (
    id              VARCHAR(24)   PRIMARY KEY,
    competition_id  VARCHAR(24)   NOT NULL REFERENCES arena_competitions (id) ON DELETE CASCADE,
    name            VARCHAR(96)   NOT NULL,
    name_key        VARCHAR(96)   NOT NULL,
    secret_hash     VARCHAR(64)   NOT NULL UNIQUE,
    created_at      BIGINT        NOT NULL,
    last_seen_at    BIGINT,
    UNIQUE (competition_id, name_key)
);

CREATE TABLE arena_submission_losses (
    submission_id  VARCHAR(24)  PRIMARY KEY REFERENCES arena_submissions (id) ON DELETE CASCADE,
    losses         ${blob}      NOT NULL
);
