-- Hub repositories. A repository's git objects live in pack files named by hub_packs; its refs live in
-- hub_refs and move only by compare-and-swap, so any server node can serve any repository.
CREATE TABLE hub_repos (
    id             VARCHAR(24)  PRIMARY KEY,
    kind           VARCHAR(8)   NOT NULL CHECK (kind IN ('model', 'dataset')),
    owner_id       VARCHAR(24)  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name           VARCHAR(96)  NOT NULL,
    full_name      VARCHAR(200) NOT NULL,
    name_key       VARCHAR(210) NOT NULL UNIQUE,
    private        BOOLEAN      NOT NULL,
    created_at     BIGINT       NOT NULL,
    last_modified  BIGINT       NOT NULL,
    sha            VARCHAR(40),
    downloads      BIGINT       NOT NULL DEFAULT 0,
    likes          BIGINT       NOT NULL DEFAULT 0,
    pipeline_tag   VARCHAR(96),
    library_name   VARCHAR(96),
    -- tab-separated with a leading and trailing tab, so one LIKE finds a whole tag on every engine
    tags           TEXT         NOT NULL,
    card_data      TEXT
);
CREATE INDEX hub_repos_by_owner ON hub_repos (owner_id);

CREATE TABLE hub_refs (
    repo_id   VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    name      VARCHAR(255) NOT NULL,
    target    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (repo_id, name)
);

CREATE TABLE hub_packs (
    repo_id       VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    name          VARCHAR(96)  NOT NULL,
    source        VARCHAR(24)  NOT NULL,
    -- ext:size pairs, comma-separated, for the files this pack has (pack, idx, bitmap, ...)
    files         TEXT         NOT NULL,
    object_count  BIGINT       NOT NULL,
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (repo_id, name)
);

-- Large-file objects a repository may reference: recorded when their bytes were uploaded to it.
CREATE TABLE hub_lfs_objects (
    repo_id     VARCHAR(24) NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    oid         VARCHAR(64) NOT NULL,
    size        BIGINT      NOT NULL,
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (repo_id, oid)
);

CREATE TABLE hub_likes (
    repo_id     VARCHAR(24) NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    user_id     VARCHAR(24) NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  BIGINT      NOT NULL,
    PRIMARY KEY (repo_id, user_id)
);

-- Model lineage from model cards: child is a repository, base is a model id as the card names it.
CREATE TABLE hub_lineage (
    child_id   VARCHAR(24)  NOT NULL REFERENCES hub_repos (id) ON DELETE CASCADE,
    base_key   VARCHAR(210) NOT NULL,
    base_name  VARCHAR(200) NOT NULL,
    relation   VARCHAR(16)  NOT NULL CHECK (relation IN ('adapter', 'finetune', 'quantized', 'merge')),
    PRIMARY KEY (child_id, base_key)
);
CREATE INDEX hub_lineage_by_base ON hub_lineage (base_key);

-- Server-wide secrets shared by every node, e.g. the key that signs LFS upload URLs.
CREATE TABLE hub_secrets (
    name   VARCHAR(64)  PRIMARY KEY,
    value  VARCHAR(128) NOT NULL
);
