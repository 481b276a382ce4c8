-- Large files in the chunk store: the git-lfs oid (SHA-256) a client names, and the Xet file hash the chunk store
-- keys them by. A row is written only after the chunk store has made the file durable.
CREATE TABLE hub_large_files (
    oid         VARCHAR(64) PRIMARY KEY,
    file_hash   VARCHAR(64) NOT NULL,
    size        BIGINT      NOT NULL,
    created_at  BIGINT      NOT NULL
);
