-- The web app's remaining pieces (issue #14): expired sessions swept by a range delete, a profile's bio, and the old
-- names of moved repositories.

-- SqlWebSessions deletes expired rows on every sign-in and sign-out (any node): one range scan, not a table scan.
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- A user's own words on their profile page (settings: display name, email, bio).
ALTER TABLE accounts ADD COLUMN bio VARCHAR(1024);

-- A repository's former names (name_key as hub_repos writes it: kind:owner/name, lower case), kept after a move so
-- that pages, the API, git and resolve answer a redirect to the current name, as the Hub does. A live repository
-- of the same name wins over a redirect; deleting the repository deletes its redirects.
CREATE TABLE hub_repo_redirects (
    name_key    VARCHAR(210) PRIMARY KEY,
    repo_id     VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    created_at  BIGINT       NOT NULL
);
CREATE INDEX hub_repo_redirects_by_repo ON hub_repo_redirects (repo_id);
