-- The Hub's "downloads" is the count of the last 30 UTC days (its all-time count is "downloadsAllTime"):
-- hub_repos.downloads stays the all-time counter and downloads_30d is kept like trending_score (hub.repos.Trending):
-- recomputed by every download, and once a day for the rows whose window moved.
ALTER TABLE hub_repos ADD COLUMN downloads_30d BIGINT NOT NULL DEFAULT 0;
-- Every counted day, an upper bound of the window; trending_day 0 makes the first listing of the day recompute
-- these rows exactly (a migration cannot read the clock the same way on SQLite and PostgreSQL).
UPDATE hub_repos SET downloads_30d = (SELECT SUM(d.count) FROM hub_downloads_daily d WHERE d.repo_id = hub_repos.id),
    trending_day = 0
    WHERE EXISTS (SELECT 1 FROM hub_downloads_daily d WHERE d.repo_id = hub_repos.id);
CREATE INDEX hub_repos_by_downloads_30d ON hub_repos (kind, downloads_30d, id);
