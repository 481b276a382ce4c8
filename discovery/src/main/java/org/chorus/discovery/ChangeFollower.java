package org.chorus.discovery;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.db.Database;

/**
 * Follows {@code hub_changes} into the index: re-reads each changed repository from SQL and puts (or deletes) its
 * document. On SQLite sequence numbers become visible in order; on PostgreSQL a transaction that took a lower
 * number can commit after a higher one, so a missing number is a gap to wait for — up to {@link #GAP_WAIT_MILLIS},
 * after which it is taken for a rolled-back transaction. {@code floor}: every entry at or below it is applied or given
 * up; {@code seen}: the entries above it that are applied. Re-applying an entry is harmless (it re-reads the row).
 */
final class ChangeFollower {
    static final long GAP_WAIT_MILLIS = 60_000;
    private static final int BATCH = 2_000;
    private static final int MAX_GAPS = 100_000;

    private record Entry(long seq, String repoId) {}

    /** How many entries lie above the floor and the highest of them: whether a search must catch up first. */
    private record Head(long count, long max) {}

    private final Database db;
    private final SearchIndex index;
    /** Told when documents were written without a card vector (the cache lacked it). */
    private final Runnable vectorsMissing;
    private long floor;
    private final Set<Long> seen = new HashSet<>();
    private final Map<Long, Long> gapsSince = new HashMap<>();
    private volatile Head applied = new Head(0, 0);
    private volatile boolean dirty;

    ChangeFollower(Database db, SearchIndex index, long floor, Runnable vectorsMissing) {
        this.db = db;
        this.index = index;
        this.vectorsMissing = vectorsMissing;
        this.floor = floor;
    }

    /** The highest entry a rebuild may start after: older than any gap still worth waiting for. */
    static long safeStart(Database db, long now) {
        return db.withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM hub_changes WHERE changed_at < :t")
                .bind("t", now - GAP_WAIT_MILLIS).mapTo(Long.class).one());
    }

    /** Catches up if the log holds an entry this node has not applied (one indexed range read). */
    void catchUpIfBehind() throws IOException {
        long f;
        synchronized (this) {
            f = floor;
        }
        Head head = db.withHandle(h -> h.createQuery("SELECT COUNT(*) AS n, COALESCE(MAX(seq), 0) AS m FROM hub_changes WHERE seq > :f")
                .bind("f", f).map((rs, ctx) -> new Head(rs.getLong("n"), rs.getLong("m"))).one());
        if (!head.equals(applied)) {
            catchUp();
        }
    }

    /** Applies every entry above the floor not applied yet, then moves the floor up past what is settled. */
    synchronized void catchUp() throws IOException {
        while (true) {
            long from = floor;
            List<Entry> entries = db.withHandle(h -> h.createQuery("SELECT seq, repo_id FROM hub_changes WHERE seq > :f ORDER BY seq LIMIT " + BATCH)
                    .bind("f", from).map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getString("repo_id"))).list());
            Set<String> changed = new LinkedHashSet<>();
            for (Entry e : entries) {
                if (!seen.contains(e.seq())) {
                    changed.add(e.repoId());
                }
            }
            if (!changed.isEmpty()) {
                reindex(changed);
            }
            entries.forEach(e -> seen.add(e.seq()));
            long max = entries.isEmpty() ? floor : entries.getLast().seq();
            advance(max);
            applied = new Head(seen.size(), Math.max(max, floor));
            if (entries.size() < BATCH) {
                return;
            }
        }
    }

    /**
     * Re-reads these repositories from SQL and puts their documents (with cached card vectors), or deletes them; a
     * model whose lineage may have changed re-puts the models below it too ({@link AncestryUpdate}).
     */
    synchronized void reindex(Set<String> repoIds) throws IOException {
        List<IndexRow> rows = db.withHandle(h -> IndexRow.byIds(h, repoIds));
        Set<String> gone = new HashSet<>(repoIds);
        rows.forEach(r -> gone.remove(r.repo().id()));
        AncestryUpdate.Plan plan = index.read(view -> {
            try {
                return AncestryUpdate.plan(view, rows, gone, ids -> db.withHandle(h -> IndexRow.byIds(h, ids)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<IndexRow> all = new java.util.ArrayList<>(rows);
        all.addAll(plan.below());
        Map<String, float[]> vectors = db.withHandle(h -> EmbeddingCache.forRows(h, all));
        index.put(all, vectors, plan.ancestry());
        index.delete(gone);
        index.refresh();
        dirty = true;
        if (vectors.size() < all.size()) {
            vectorsMissing.run();
        }
    }

    /**
     * Moves the floor over applied entries and expired gaps. Every gap below {@code max} starts waiting when first
     * seen, so a run of rolled-back numbers costs one wait, not one each (at most {@value #MAX_GAPS} are tracked).
     */
    private void advance(long max) {
        // real elapsed time: a gap is a transaction still running, whatever the injected clock says
        long now = System.nanoTime() / 1_000_000;
        for (long s = floor + 1; s < max && gapsSince.size() < MAX_GAPS; s++) {
            if (!seen.contains(s)) {
                gapsSince.putIfAbsent(s, now);
            }
        }
        while (floor < max) {
            long next = floor + 1;
            if (seen.remove(next)) {
                floor = next;
                gapsSince.remove(next);
            } else if (now - gapsSince.getOrDefault(next, now) >= GAP_WAIT_MILLIS) {
                gapsSince.remove(next);
                floor = next;
            } else {
                return;
            }
        }
    }

    synchronized long floor() {
        return floor;
    }

    /** Whether documents changed since the last call. */
    boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
