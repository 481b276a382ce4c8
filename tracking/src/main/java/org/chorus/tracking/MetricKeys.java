package org.chorus.tracking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.chorus.core.db.Database;
import org.jdbi.v3.core.Handle;

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

    /**
     * Names for the given ids, from the cache; ids another server created since are read in one query on the
     * caller's handle (a second connection from the pool could wait for one the caller holds). Readers
     * map ids here rather than joining {@code metric_keys}: with statistics taken while it had one row, SQLite
     * drove a page's latest-metrics query from a scan of it (1,000 runs after 500 new keys: 505 ms, not 3).
     */
    Map<Long, String> names(Handle h, Collection<Long> keyIds) {
        List<Long> missing = keyIds.stream().filter(id -> !names.containsKey(id)).distinct().toList();
        if (!missing.isEmpty()) {
            h.createQuery("SELECT id, name FROM metric_keys WHERE id IN (<ids>)").bindList("ids", missing)
                    .map((rs, ctx) -> remember(rs.getString("name"), rs.getLong("id"))).list();
        }
        return names;
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
