-- Owners and MLflow's per-user permissions for experiments and registered models (docs/tracking.md, Permissions).
-- An owner is a user or an organisation; none (NULL) means only site admins manage it, as the Default experiment.
ALTER TABLE experiments ADD COLUMN owner_id VARCHAR(24) REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE registered_models ADD COLUMN owner_id VARCHAR(24) REFERENCES accounts (id) ON DELETE SET NULL;
CREATE INDEX experiments_by_owner ON experiments (owner_id);
CREATE INDEX registered_models_by_owner ON registered_models (owner_id);

-- A user's own permission replaces the server's default permission for them (MLflow's experiment_permissions and
-- registered_model_permissions). Renaming a model carries its grants along; deleting it drops them, so a new model
-- of the same name starts without them.
CREATE TABLE experiment_permissions (
    experiment_id  BIGINT       NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    user_id        VARCHAR(24)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    permission     VARCHAR(16)  NOT NULL CHECK (permission IN ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')),
    PRIMARY KEY (experiment_id, user_id)
);
CREATE INDEX experiment_permissions_by_user ON experiment_permissions (user_id);

CREATE TABLE registered_model_permissions (
    name        VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id     VARCHAR(24)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    permission  VARCHAR(16)  NOT NULL CHECK (permission IN ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')),
    PRIMARY KEY (name, user_id)
);
CREATE INDEX registered_model_permissions_by_user ON registered_model_permissions (user_id);

-- What existed before owners: an experiment belongs to the user who started its first run, a model to the user who
-- registered its first version; otherwise to no one. The Default experiment (0) stays unowned: site admins manage it
-- and everyone else holds the default permission.
UPDATE experiments SET owner_id = (SELECT a.id FROM runs r JOIN accounts a ON a.name_key = LOWER(r.user_id) AND a.kind = 'user'
                                   WHERE r.experiment_id = experiments.id ORDER BY r.start_time, r.run_uuid LIMIT 1)
    WHERE id <> 0;
UPDATE registered_models SET owner_id = (SELECT a.id FROM model_versions v JOIN accounts a ON a.name_key = LOWER(v.user_id) AND a.kind = 'user'
                                         WHERE v.name = registered_models.name ORDER BY v.version LIMIT 1);

-- The owner is shown as the tag chorus.owner, which only creation sets; any such tag set before is replaced.
DELETE FROM experiment_tags WHERE tag_key = 'chorus.owner';
INSERT INTO experiment_tags (experiment_id, tag_key, tag_value)
    SELECT e.id, 'chorus.owner', a.name FROM experiments e JOIN accounts a ON a.id = e.owner_id;
DELETE FROM registered_model_tags WHERE tag_key = 'chorus.owner';
INSERT INTO registered_model_tags (name, tag_key, tag_value)
    SELECT m.name, 'chorus.owner', a.name FROM registered_models m JOIN accounts a ON a.id = m.owner_id;
