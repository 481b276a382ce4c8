-- Run artifacts in the chunk store: each artifact path names a chunk-store file. A row is written only after the
-- chunk store made the file durable; every row is a garbage-collection root.
CREATE TABLE tracking_artifacts (
    path        VARCHAR(1024) PRIMARY KEY,
    file_hash   VARCHAR(64)   NOT NULL,
    size        BIGINT        NOT NULL,
    created_at  BIGINT        NOT NULL
);
