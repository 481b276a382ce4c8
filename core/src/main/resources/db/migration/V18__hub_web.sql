-- What the hub's pages show beside the repositories themselves: downloads per day, a trending score, facet values,
-- and indexes for listing 100,000 repositories by each sort the lists offer.

-- Downloads per repository per UTC day (day = epoch day), counted by the same rule as hub_repos.downloads.
CREATE TABLE hub_downloads_daily (
    repo_id  VARCHAR(24) NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    day      BIGINT      NOT NULL,
    count    BIGINT      NOT NULL,
    PRIMARY KEY (repo_id, day)
);

-- downloads of the last 7 days + 10 x likes given in the last 7 days (hub.repos.Trending), as of trending_day
ALTER TABLE hub_repos ADD COLUMN trending_score BIGINT NOT NULL DEFAULT 0;
ALTER TABLE hub_repos ADD COLUMN trending_day BIGINT NOT NULL DEFAULT 0;
-- whether hub_repo_facets holds this row's values (rows written before V18, or seeded straight into SQL, do not)
ALTER TABLE hub_repos ADD COLUMN facets_indexed BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX hub_repos_by_trending ON hub_repos (kind, trending_score, id);
CREATE INDEX hub_repos_by_downloads ON hub_repos (kind, downloads, id);
CREATE INDEX hub_repos_by_likes ON hub_repos (kind, likes, id);
CREATE INDEX hub_repos_by_modified ON hub_repos (kind, last_modified, id);
CREATE INDEX hub_repos_by_created ON hub_repos (kind, created_at, id);

-- covering the facet counts of task and library over the public repositories of a kind
CREATE INDEX hub_repos_by_task ON hub_repos (kind, private, pipeline_tag);
CREATE INDEX hub_repos_by_library ON hub_repos (kind, private, library_name);

CREATE INDEX hub_likes_by_user ON hub_likes (user_id, created_at);

-- Facet values of a repository that are not columns of hub_repos: 'license' (from license:… tags) and 'language'.
CREATE TABLE hub_repo_facets (
    repo_id  VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    facet    VARCHAR(16)  NOT NULL,
    value    VARCHAR(200) NOT NULL,
    PRIMARY KEY (repo_id, facet, value)
);
CREATE INDEX hub_repo_facets_by_value ON hub_repo_facets (facet, value, repo_id);

-- Commits on every branch, recorded after each ref move (hub.repos.CommitLog), for activity heatmaps and feeds.
-- author_id: the account whose email (or users.noreply address) the commit's author has, as GitHub attributes them.
CREATE TABLE hub_commits (
    repo_id       VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    sha           VARCHAR(40)  NOT NULL,
    author_id     VARCHAR(24)  REFERENCES accounts (id) ON DELETE SET NULL,
    author_name   VARCHAR(256) NOT NULL,
    committed_at  BIGINT       NOT NULL,
    title         VARCHAR(200) NOT NULL,
    PRIMARY KEY (repo_id, sha)
);
CREATE INDEX hub_commits_by_author ON hub_commits (author_id, committed_at);
CREATE INDEX hub_commits_by_repo_time ON hub_commits (repo_id, committed_at);
CREATE INDEX hub_commits_by_time ON hub_commits (committed_at);
