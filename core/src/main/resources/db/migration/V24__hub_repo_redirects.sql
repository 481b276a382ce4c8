-- Old names of moved repositories, so links, clones and scripts that name them keep working (as on the Hub). A key
-- is never a live repository's name_key: creating or moving a repository onto an old name takes the name back.
CREATE TABLE hub_repo_redirects (
    name_key  VARCHAR(210) PRIMARY KEY,
    repo_id   VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE
);
CREATE INDEX hub_repo_redirects_by_repo ON hub_repo_redirects (repo_id);
