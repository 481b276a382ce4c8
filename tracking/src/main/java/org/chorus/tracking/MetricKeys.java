package org.chorus.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.chorus.core.db.Database;

/**
 * The dictionary from metric names to the integer ids the point tables use. Keys are never deleted, so
 * ids are cached forever once committed; new keys are committed in their own small transaction before
 * the points that use them.
 */
final class MetricKeys {
    private final Database db;
    private final Map<String, Long> ids = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    MetricKeys(Database db) {
        this.db = db;
    }

    /** Ids for every name, creating the missing ones. */
    Map<String, Long> ensure(Collection<String> keys) {
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (!ids.containsKey(k) && !missing.contains(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            db.useTransaction(h -> {
                var insert = h.prepareBatch("INSERT INTO metric_keys (id, name) VALUES (:id, :name) ON CONFLICT (name) DO NOTHING");
                for (String k : missing) {
                    insert.bind("id", ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)).bind("name", k).add();
                }
                insert.execute();
            });
            loadNames(missing);
        }
        return ids;
    }

    Optional<Long> find(String key) {
        Long id = ids.get(key);
        if (id == null) {
            loadNames(List.of(key));
            id = ids.get(key);
        }
        return Optional.ofNullable(id);
    }

    private void loadNames(List<String> keys) {
        db.withHandle(h -> h.createQuery("SELECT id, name FROM metric_keys WHERE name IN (<names>)").bindList("names", keys)
                .map((rs, ctx) -> remember(rs.getString("name"), rs.getLong("id"))).list());
    }

    private String remember(String name, long id) {
        ids.put(name, id);
        names.put(id, name);
        return name;
    }
}
