-- The counts batch (discovery.DownloadCounts) pages through the rows counted since its previous batch by
-- (counted_at, id): the daily trending decay stamps every repository with recent counts at once (1.8 million on a
-- Hub-sized instance), and reading them a page at a time keeps a node's memory and its follower's lock to one page.
DROP INDEX hub_repos_by_counted_at;
CREATE INDEX hub_repos_by_counted_at_id ON hub_repos (counted_at, id);
