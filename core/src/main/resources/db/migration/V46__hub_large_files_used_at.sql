-- When a large file was last put or claimed by a repository. `chorus storage gc` forgets files no repository records
-- (hub_lfs_objects) once this is older than its grace period; an upload sets it before it records the file for its
-- repository, so the gap between the two is covered.
ALTER TABLE hub_large_files ADD COLUMN used_at BIGINT NOT NULL DEFAULT 0;
UPDATE hub_large_files SET used_at = created_at;
-- gc asks, per large file, whether any repository records it
CREATE INDEX hub_lfs_objects_by_oid ON hub_lfs_objects (oid);
