-- When a repository's downloads were last counted (milliseconds, the counting node's clock). A download no longer
-- appends to hub_changes (which every node follows with a re-index): each node refreshes the download-derived sort
-- fields of its search index in a periodic batch from the rows counted since its previous one (discovery.DownloadCounts).
ALTER TABLE hub_repos ADD COLUMN counted_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX hub_repos_by_counted_at ON hub_repos (counted_at);
