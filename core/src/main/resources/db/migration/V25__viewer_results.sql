-- The dataset viewer's results that depend only on a commit (a split's schema and row count, its first rows, its
-- statistics), as JSON, so every node answers from the first node's work. cache_key is the SHA-256 of repository id,
-- commit, kind, config and split; a repository's rows of older commits are deleted when a newer commit's are written.
CREATE TABLE viewer_results (cache_key VARCHAR(64) PRIMARY KEY, repo_id VARCHAR(24) NOT NULL, commit_sha VARCHAR(64) NOT NULL,
                             body TEXT NOT NULL, created_at BIGINT NOT NULL);
CREATE INDEX viewer_results_by_repo ON viewer_results (repo_id, commit_sha);
