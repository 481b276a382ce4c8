package org.chorus.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * V16 gives what existed before owners one: an experiment the user who started its first run, a model the user who
 * registered its first version, else none; the Default experiment stays unowned; the owner shows as tag chorus.owner.
 */
class TrackingOwnersMigrationTest {
    @TempDir
    Path dir;

    @Test
    void sqlite() {
        migrateFromV11(DatabaseUrl.sqlite(dir.resolve("old.db")));
    }

    @Test
    void postgres() {
        migrateFromV11(DatabaseUrl.parse(TestDatabases.freshPostgresUrl()));
    }

    private void migrateFromV11(DatabaseUrl url) {
        TestDatabases.atVersion(url, "11", h -> {
            h.execute("INSERT INTO accounts (id, name, name_key, kind, fullname, site_admin, created_at) VALUES"
                    + " ('u1', 'Alice', 'alice', 'user', 'A', FALSE, 0), ('u2', 'bob', 'bob', 'user', 'B', FALSE, 0)");
            h.execute("INSERT INTO experiments VALUES (1, 'first', 'mlflow-artifacts:/1', 'active', 0, 0),"
                    + " (2, 'unknown', 'mlflow-artifacts:/2', 'active', 0, 0), (3, 'empty', 'mlflow-artifacts:/3', 'active', 0, 0)");
            h.execute("INSERT INTO experiment_tags VALUES (3, 'chorus.owner', 'bob')");
            h.execute("INSERT INTO runs (id, run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, artifact_uri)"
                    + " VALUES (1, 'a1', 1, 'r', 'bob', 'RUNNING', 20, 'active', 'x'), (2, 'a2', 1, 'r', 'alice', 'RUNNING', 10, 'active', 'x'),"
                    + " (3, 'a3', 2, 'r', 'ghost', 'RUNNING', 10, 'active', 'x'), (4, 'a4', 0, 'r', 'bob', 'RUNNING', 10, 'active', 'x')");
            h.execute("INSERT INTO registered_models VALUES ('m', 0, 0, NULL), ('n', 0, 0, NULL)");
            h.execute("INSERT INTO model_versions (name, version, creation_time, last_updated_time, current_stage, source, status,"
                    + " deleted, user_id) VALUES ('m', 1, 0, 0, 'None', 's', 'READY', FALSE, 'bob'), ('m', 2, 0, 0, 'None', 's', 'READY', FALSE, 'Alice')");
        });

        try (Database db = Database.open(url)) {
            Map<Long, String> owners = db.withHandle(h -> h.createQuery("SELECT id, owner_id FROM experiments ORDER BY id")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), String.valueOf(rs.getString(2)))).list())
                    .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(owners).containsExactlyInAnyOrderEntriesOf(Map.of(0L, "null", 1L, "u1", 2L, "null", 3L, "null"));
            List<String> tags = db.withHandle(h -> h.createQuery("SELECT experiment_id || '=' || tag_value FROM experiment_tags"
                    + " WHERE tag_key = 'chorus.owner' ORDER BY experiment_id").mapTo(String.class).list());
            assertThat(tags).containsExactly("1=Alice");
            List<String> models = db.withHandle(h -> h.createQuery("SELECT m.name || '=' || COALESCE(m.owner_id, '-') || '/'"
                    + " || COALESCE((SELECT tag_value FROM registered_model_tags t WHERE t.name = m.name AND t.tag_key = 'chorus.owner'), '-')"
                    + " FROM registered_models m ORDER BY m.name").mapTo(String.class).list());
            assertThat(models).containsExactly("m=u2/bob", "n=-/-");
        }
    }
}
