-- Discovery's change log: a row per change to what the search index holds of a repository (create, commit to main,
-- card, like, download, visibility, move, delete), written in the transaction that makes the change. Every node
-- follows it to keep its own in-process index current (discovery.ChangeFollower); rows older than a day are pruned.
${sqliteOnly}CREATE TABLE hub_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, repo_id VARCHAR(24) NOT NULL, changed_at BIGINT NOT NULL);
${postgresOnly}CREATE TABLE hub_changes (seq BIGSERIAL PRIMARY KEY, repo_id VARCHAR(24) NOT NULL, changed_at BIGINT NOT NULL);
CREATE INDEX hub_changes_by_time ON hub_changes (changed_at);

-- The README's text after its front matter (the first 32,768 characters), so the index is rebuilt from SQL alone.
ALTER TABLE hub_repos ADD COLUMN card_text TEXT;
