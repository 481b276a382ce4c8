package org.chorus.tracking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Params and tags of one or more log-batch requests in the caller's transaction, as a few set-based
 * statements however many requests a group commit combined: per request they were two or three
 * statements of their own (LogParamBatch100 on PostgreSQL: 50 ms under 20 clients). Params are
 * write-once: inserted if absent, then compared with what is stored, so a concurrent writer of a
 * different value is caught by whichever commits second. Tags are last-writer-wins in arrival order.
 */
final class ParamTagWriter {
    /** A param or tag of the run with internal id {@code run} (public id {@code runUuid}, for messages). */
    record Owned(long run, String runUuid, KeyValue kv) {}

    private record RunKey(long run, String key) implements Comparable<RunKey> {
        @Override
        public int compareTo(RunKey o) {
            int c = Long.compare(run, o.run);
            return c != 0 ? c : key.compareTo(o.key);
        }
    }

    private final boolean arrays;

    ParamTagWriter(Dialect dialect) {
        this.arrays = dialect == Dialect.POSTGRESQL;
    }

    void params(Handle h, List<Owned> params) {
        if (params.isEmpty()) {
            return;
        }
        // Key order, so concurrent writers take the index entries' locks in one order and cannot deadlock.
        Map<RunKey, Owned> wanted = new TreeMap<>();
        for (Owned p : params) {
            Owned first = wanted.putIfAbsent(new RunKey(p.run(), p.kv().key()), p);
            if (first != null && !first.kv().value().equals(p.kv().value())) {
                throw changed(p, first.kv().value());
            }
        }
        List<RunKey> keys = new ArrayList<>(wanted.keySet());
        List<String> values = wanted.values().stream().map(o -> o.kv().value()).toList();
        if (arrays) {
            h.createUpdate("INSERT INTO params (run_id, param_key, param_value) SELECT * FROM unnest(CAST(:runs AS bigint[]), CAST(:keys AS text[]), CAST(:values AS text[]))"
                            + " ON CONFLICT DO NOTHING")
                    .bindArray("runs", Long.class, keys.stream().map(RunKey::run).toList())
                    .bindArray("keys", String.class, keys.stream().map(RunKey::key).toList())
                    .bindArray("values", String.class, values).execute();
        } else {
            PreparedBatch insert = h.prepareBatch("INSERT INTO params (run_id, param_key, param_value) VALUES (:id, :k, :v) ON CONFLICT DO NOTHING");
            for (int i = 0; i < keys.size(); i++) {
                insert.bind("id", keys.get(i).run()).bind("k", keys.get(i).key()).bind("v", values.get(i)).add();
            }
            insert.execute();
        }
        Map<RunKey, String> stored = new HashMap<>();
        byRun(wanted.keySet()).forEach((run, runKeys) -> {
            var select = h.createQuery("SELECT param_key, param_value FROM params WHERE run_id = :id AND "
                    + (arrays ? "param_key = ANY(CAST(:keys AS text[]))" : "param_key IN (<keys>)")).bind("id", run);
            (arrays ? select.bindArray("keys", String.class, runKeys) : select.bindList("keys", runKeys))
                    .map((rs, ctx) -> stored.put(new RunKey(run, rs.getString(1)), rs.getString(2))).list();
        });
        wanted.forEach((k, p) -> {
            String old = stored.get(k);
            if (old != null && !old.equals(p.kv().value())) {
                throw changed(p, old);
            }
        });
    }

    void tags(Handle h, List<Owned> tags) {
        if (tags.isEmpty()) {
            return;
        }
        Map<RunKey, String> last = new TreeMap<>();
        tags.forEach(t -> last.put(new RunKey(t.run(), t.kv().key()), t.kv().value()));
        PreparedBatch upsert = h.prepareBatch("INSERT INTO run_tags (run_id, tag_key, tag_value) VALUES (:id, :k, :v)"
                + " ON CONFLICT (run_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value");
        last.forEach((k, v) -> upsert.bind("id", k.run()).bind("k", k.key()).bind("v", v).add());
        upsert.execute();
        last.forEach((k, v) -> {
            if (k.key().equals(SqlTrackingStore.RUN_NAME_TAG)) {
                h.createUpdate("UPDATE runs SET name = :n WHERE id = :id").bind("n", Validation.runName(v)).bind("id", k.run()).execute();
            }
        });
    }

    private static Map<Long, List<String>> byRun(Iterable<RunKey> keys) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        keys.forEach(k -> out.computeIfAbsent(k.run(), r -> new ArrayList<>()).add(k.key()));
        return out;
    }

    private static ChorusException changed(Owned p, String old) {
        return ChorusException.invalid("Changing param values is not allowed. Param with key='" + p.kv().key()
                + "' was already logged with value='" + old + "' for run ID='" + p.runUuid() + "'. Attempted logging new value '"
                + p.kv().value() + "'.");
    }
}
