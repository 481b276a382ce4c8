-- Model submissions (arena): a competition takes files of predictions ('file') or hub model revisions ('model'),
-- whose test inputs are a path in its public dataset repository. A model submission keeps the repository as named
-- (owner/name), its internal id (so that a rename or a new repository under the old name changes nothing) and the
-- commit its revision resolved to when submitted; its predictions, once a worker returns them and they pass the
-- format check, are stored in arena_submission_files like a file submission's.
ALTER TABLE arena_competitions ADD COLUMN submissions VARCHAR(8) NOT NULL DEFAULT 'file';
ALTER TABLE arena_competitions ADD COLUMN test_inputs VARCHAR(1024);
ALTER TABLE arena_submissions ADD COLUMN model_repo VARCHAR(200);
ALTER TABLE arena_submissions ADD COLUMN model_repo_id VARCHAR(64);
ALTER TABLE arena_submissions ADD COLUMN model_commit VARCHAR(64);
