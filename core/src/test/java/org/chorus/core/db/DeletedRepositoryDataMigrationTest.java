package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V46 dates every existing large file's last use at its creation (so gc treats old uploads as old), V47 drops the
 * viewer results of repositories deleted before it and makes the rest go with their repository.
 */
class DeletedRepositoryDataMigrationTest {
    @TempDir
    Path dir;

    @Test
    void sqlite() {
        migrateFromV45(DatabaseUrl.sqlite(dir.resolve("old.db")));
    }

    @Test
    void postgres() {
        migrateFromV45(DatabaseUrl.parse(TestDatabases.freshPostgresUrl()));
    }

    private void migrateFromV45(DatabaseUrl url) {
        TestDatabases.atVersion(url, "45", h -> {
            h.execute("INSERT INTO accounts (id, name, name_key, kind, fullname, site_admin, created_at) VALUES"
                    + " ('u1', 'alice', 'alice', 'user', 'A', FALSE, 0)");
            h.execute("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private, created_at, last_modified, sha, tags)"
                    + " VALUES ('r1', 'dataset', 'u1', 'kept', 'alice/kept', 'DATASET:alice/kept', FALSE, 0, 0, 'c', '')");
            h.execute("INSERT INTO hub_large_files (oid, file_hash, size, created_at) VALUES ('o1', 'h1', 10, 1234)");
            h.execute("INSERT INTO viewer_results (cache_key, repo_id, commit_sha, body, created_at) VALUES"
                    + " ('k1', 'r1', 'c', '{}', 0), ('k2', 'r-deleted-before', 'c', '{\"rows\":\"private\"}', 0)");
        });

        try (Database db = Database.open(url)) {
            long usedAt = db.withHandle(h -> h.createQuery("SELECT used_at FROM hub_large_files WHERE oid = 'o1'").mapTo(Long.class).one());
            assertThat(usedAt).isEqualTo(1234);
            assertThat(keys(db)).containsExactly("k1");

            db.useTransaction(h -> h.execute("DELETE FROM hub_repos WHERE id = 'r1'"));

            assertThat(keys(db)).isEmpty();
        }
    }

    private static List<String> keys(Database db) {
        return db.withHandle(h -> h.createQuery("SELECT cache_key FROM viewer_results ORDER BY cache_key").mapTo(String.class).list());
    }
}
