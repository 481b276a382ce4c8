-- The dataset viewer's results hold a dataset's first rows and statistics: they go when their repository is deleted.
-- Rebuilt because SQLite cannot add a foreign key to a table; rows of repositories deleted before this are dropped.
CREATE TABLE viewer_results_v47 (cache_key VARCHAR(64) PRIMARY KEY,
                                 repo_id VARCHAR(24) NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
                                 commit_sha VARCHAR(64) NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL);
INSERT INTO viewer_results_v47 (cache_key, repo_id, commit_sha, body, created_at)
    SELECT cache_key, repo_id, commit_sha, body, created_at FROM viewer_results WHERE repo_id IN (SELECT id FROM hub_repos);
DROP TABLE viewer_results;
ALTER TABLE viewer_results_v47 RENAME TO viewer_results;
CREATE INDEX viewer_results_by_repo ON viewer_results (repo_id, commit_sha);
