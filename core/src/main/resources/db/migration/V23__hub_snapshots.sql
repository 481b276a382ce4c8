-- Hub snapshots (issue #17 item 5). An imported snapshot of another hub is an *ecosystem*: its rows live here, in
-- SQL (the source of truth every node rebuilds its own search index of the ecosystem from), written in batches under
-- one import id; the import becomes visible only when its row in ecosystem_imports is marked finished, so a failed or
-- interrupted import leaves nothing readable (its rows are swept by the next import).
CREATE TABLE ecosystem_imports (
    id VARCHAR(24) PRIMARY KEY,
    name VARCHAR(96) NOT NULL,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    kind VARCHAR(8) NOT NULL,
    repos BIGINT NOT NULL DEFAULT 0,
    skipped BIGINT NOT NULL DEFAULT 0,
    source VARCHAR(256)
);
CREATE INDEX ecosystem_imports_by_name ON ecosystem_imports (name, kind, finished_at);

-- One repository of an imported snapshot, numbered within its import (row_no: the rebuild's order and batch key).
CREATE TABLE ecosystem_repos (
    import_id VARCHAR(24) NOT NULL,
    row_no BIGINT NOT NULL,
    kind VARCHAR(8) NOT NULL,
    owner VARCHAR(96) NOT NULL,
    name VARCHAR(96) NOT NULL,
    created_at BIGINT NOT NULL,
    last_modified BIGINT NOT NULL,
    sha VARCHAR(64),
    downloads BIGINT NOT NULL,
    downloads_all_time BIGINT NOT NULL,
    likes BIGINT NOT NULL,
    trending_score BIGINT NOT NULL,
    pipeline_tag VARCHAR(200),
    library_name VARCHAR(200),
    tags TEXT NOT NULL,
    card_data TEXT,
    PRIMARY KEY (import_id, row_no)
);

-- Every export into a dataset repository: a manual one (week 'manual:<id>') or the weekly one (week '2026-W49'). The
-- node that inserts a week's row runs that week's export; a lease not finished by leased_until is taken over by
-- another node (a crashed exporter). The weekly job writes into the repository of the newest finished export.
CREATE TABLE snapshot_exports (
    week VARCHAR(40) PRIMARY KEY,
    repo VARCHAR(200) NOT NULL,
    node VARCHAR(64) NOT NULL,
    leased_until BIGINT NOT NULL,
    finished_at BIGINT,
    sha VARCHAR(64)
);
CREATE INDEX snapshot_exports_by_finish ON snapshot_exports (finished_at);
