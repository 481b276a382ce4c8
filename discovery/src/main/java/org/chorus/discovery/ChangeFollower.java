package org.chorus.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.db.Database;

/**
 * Follows {@code hub_changes} into the index: re-reads each changed repository from SQL and puts (or deletes) its
 * document. The models a change re-puts below a changed one (their indexed lineage moved) are put with it when they
 * fit in a slice ({@value #SLICE}); more are walked afterwards without the lock (a family of 270,000 takes seconds),
 * planned, then put slice by slice ({@link #putPending}), the lock released between steps, so that a search's catch-up
 * waits for the changed documents and at most one slice, never for a family's walk or re-put ({@link PendingReputs};
 * public answers meanwhile leave the stale lineages out: {@link StaleLineage}). A walk that changes applied meanwhile
 * may have made stale ({@link AncestryUpdate#meets}) is done again under the lock. On SQLite sequence numbers become visible in order; on PostgreSQL a transaction that took a
 * lower number can commit after a higher one, so a missing number is a gap to wait for — up to {@link #GAP_WAIT_MILLIS},
 * after which it is taken for a rolled-back transaction. {@code floor}: every entry at or below it is applied or given
 * up; {@code seen}: the entries above it that are applied. Re-applying an entry is harmless (it re-reads the row).
 */
final class ChangeFollower {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChangeFollower.class);
    static final long GAP_WAIT_MILLIS = 60_000;
    static final int BATCH = 2_000;
    /** The most derived re-puts put at once, with the lock held. */
    static final int SLICE = 2_000;
    private static final int MAX_GAPS = 100_000;
    /** Gaps looked up per query (one bound parameter each). */
    private static final int GAP_LOOKUP = 500;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private record Entry(long seq, String repoId) {}

    private final Database db;
    private final SearchIndex index;
    /** Told when documents were written without a card vector (the cache lacked it). */
    private final Runnable vectorsMissing;
    /** Written under the lock, read without it by a search ({@link SearchFreshness}). */
    private volatile long floor;
    /** The highest entry read: every one between the floor and it is applied ({@link #seen}) or a gap (waited on in {@link #gapsSince}). */
    private long readTo;
    private final Set<Long> seen = new HashSet<>();
    private final Map<Long, Long> gapsSince = new HashMap<>();
    private volatile boolean dirty;
    private final PendingReputs pending = new PendingReputs();
    private int slice = SLICE;
    /** Run after each slice, the lock released (tests look at the index between slices). */
    private volatile Runnable betweenSlices = () -> {};
    /** Run after a walk without the lock, before it is planned (tests change things meanwhile). */
    private volatile Runnable afterWalk = () -> {};
    /** While a walk runs without the lock: the keys of lineages that changes applied since may have moved. */
    private Set<String> touchedDuringWalk;
    private final Object walks = new Object();
    /** Since when re-puts are pending (nanoTime), and how many of them were put in how many slices since. */
    private long pendingSince;
    private long slicedModels;
    private int slices;

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

    /**
     * Applies the entries that filled a gap since the last catch-up and every entry above {@link #readTo}, then moves
     * the floor up past what is settled. Entries between the floor and {@code readTo} are applied or gaps, so they are
     * not read again: reading from the floor re-read every entry above a gap on each catch-up while it was waited
     * on (up to {@link #GAP_WAIT_MILLIS}), and with a batch or more of them above it, read the same batch again and
     * again, the lock held, until the gap expired (a node two minutes behind, 2026-12-05).
     */
    synchronized void catchUp() throws IOException {
        if (!gapsSince.isEmpty()) {
            List<Long> gaps = new ArrayList<>(gapsSince.keySet());
            for (int i = 0; i < gaps.size(); i += GAP_LOOKUP) {
                List<Long> some = gaps.subList(i, Math.min(gaps.size(), i + GAP_LOOKUP));
                apply(db.withHandle(h -> h.createQuery("SELECT seq, repo_id FROM hub_changes WHERE seq IN (<gaps>) ORDER BY seq")
                        .bindList("gaps", some).map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getString("repo_id"))).list()));
            }
        }
        while (true) {
            long from = Math.max(floor, readTo);
            List<Entry> entries = db.withHandle(h -> h.createQuery("SELECT seq, repo_id FROM hub_changes WHERE seq > :f ORDER BY seq LIMIT " + BATCH)
                    .bind("f", from).map((rs, ctx) -> new Entry(rs.getLong("seq"), rs.getString("repo_id"))).list());
            apply(entries);
            if (entries.size() < BATCH) {
                return;
            }
        }
    }

    /** Re-indexes the repositories of these entries (ascending) not applied yet, and moves the floor. */
    private void apply(List<Entry> entries) throws IOException {
        Set<String> changed = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (e.seq() > floor && !seen.contains(e.seq())) {
                changed.add(e.repoId());
            }
        }
        if (!changed.isEmpty()) {
            reindex(changed);
        }
        entries.stream().filter(e -> e.seq() > floor).forEach(e -> seen.add(e.seq()));
        if (!entries.isEmpty()) {
            readTo = Math.max(readTo, entries.getLast().seq());
        }
        advance(Math.max(floor, readTo));
    }

    /**
     * Re-reads these repositories from SQL and puts their documents (with cached card vectors), or deletes them, visible
     * to searches when it returns; a model whose lineage may have changed re-puts the models below it too
     * ({@link AncestryUpdate}): with them when they fit in a slice, else later ({@link #putPending}).
     */
    synchronized void reindex(Set<String> repoIds) throws IOException {
        List<IndexRow> rows = db.withHandle(h -> IndexRow.byIds(h, repoIds));
        Set<String> gone = new HashSet<>(repoIds);
        rows.forEach(r -> gone.remove(r.repo().id()));
        AncestryUpdate.Plan plan = index.read(view -> {
            try {
                return AncestryUpdate.plan(view, rows, gone, pending, slice);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (touchedDuringWalk != null) {
            touchedDuringWalk.addAll(plan.touched());
        }
        pending.drop(repoIds);
        List<IndexRow> now = new ArrayList<>(rows);
        if (plan.later().isEmpty()) {
            now.addAll(fresh(plan.below()));
            pending.drop(plan.below().keySet());
        } else {
            if (pending.isEmpty()) {
                pendingSince = System.nanoTime();
                slicedModels = 0;
                slices = 0;
            }
            pending.later(plan.later());
        }
        Set<String> back = new HashSet<>();
        rows.stream().map(r -> Ancestry.model(r.repo())).filter(m -> m != null && m.isPublic()).forEach(m -> back.add(m.key()));
        pending.withdraw(plan.withdrawn(), back);
        put(now, plan.ancestry());
        index.delete(gone);
        index.withdrawn(pending.withdrawn());
        index.refresh();
    }

    /** Puts every pending re-put: walks, then slices, the lock released between steps. */
    void putPending() throws IOException {
        while (walkLater() || putSlice()) {
            betweenSlices.run();
        }
    }

    /**
     * Walks what hangs below changed models ({@link PendingReputs#later}) without the lock, then plans it with the lock;
     * false when there was nothing to walk.
     */
    boolean walkLater() throws IOException {
        synchronized (walks) { // one walk at a time: a second caller waits for it, then finds nothing to walk
            return walkLaterAlone();
        }
    }

    private boolean walkLaterAlone() throws IOException {
        AncestryUpdate.Later later;
        synchronized (this) {
            later = pending.later();
            if (later.isEmpty()) {
                return false;
            }
            touchedDuringWalk = new HashSet<>();
        }
        long t0 = System.nanoTime();
        long cpu0 = CPU.getCurrentThreadCpuTime();
        Map<String, Ancestry.Model> walked = walk(later);
        long walkCpu = CPU.getCurrentThreadCpuTime() - cpu0;
        afterWalk.run();
        synchronized (this) {
            Set<String> touched = touchedDuringWalk;
            touchedDuringWalk = null;
            AncestryUpdate.Later now = pending.later();
            if (now.isEmpty()) {
                return true; // another thread planned it meanwhile
            }
            boolean again = !now.equals(later) || AncestryUpdate.meets(walked, later, touched);
            if (again) {
                walked = walk(now);
            }
            pending.takeLater();
            Map<String, Ancestry.Model> models = walked;
            AncestryUpdate.Plan plan = index.read(view -> AncestryUpdate.settled(view, models, pending));
            pending.add(plan.below(), plan.ancestry());
            if (pending.isEmpty()) { // nothing hung below after all: no lineage is stale any more
                index.withdrawn(pending.withdrawn());
                index.refreshReputs();
            }
            LOG.info("planned the re-put of {} models below changed ones in {} ms (walk {} ms of CPU without the lock{}, all {} ms of CPU),"
                    + " {} ms after the change was applied", plan.below().size(), (System.nanoTime() - t0) / 1_000_000, walkCpu / 1_000_000,
                    again ? ", then again with it: changes applied meanwhile touched the family" : "",
                    (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000_000, (System.nanoTime() - pendingSince) / 1_000_000);
        }
        return true;
    }

    private Map<String, Ancestry.Model> walk(AncestryUpdate.Later later) {
        return index.read(view -> {
            try {
                return AncestryUpdate.walk(view, later);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Puts the next slice of planned re-puts; false when none was planned. */
    synchronized boolean putSlice() throws IOException {
        if (pending.size() == 0) {
            return false;
        }
        PendingReputs.Slice next = pending.take(slice);
        put(fresh(next.models()), next.ancestry());
        index.withdrawn(pending.withdrawn());
        index.refreshReputs();
        slicedModels += next.models().size();
        slices++;
        if (pending.isEmpty()) {
            LOG.info("re-put {} models below changed ones in {} slices, {} ms after the change was applied", slicedModels, slices,
                    (System.nanoTime() - pendingSince) / 1_000_000);
        }
        return true;
    }

    private List<IndexRow> fresh(Map<String, Ancestry.Model> planned) {
        return AncestryUpdate.fresh(planned, ids -> db.withHandle(h -> IndexRow.byIds(h, ids)));
    }

    /** Puts the rows' documents with their cached card vectors and these lineages (by model key). */
    private void put(List<IndexRow> rows, Map<String, List<Ancestry.Entry>> ancestry) throws IOException {
        Map<String, float[]> vectors = db.withHandle(h -> EmbeddingCache.forRows(h, rows));
        index.put(rows, vectors, ancestry);
        dirty = true;
        if (vectors.size() < rows.size()) {
            vectorsMissing.run();
        }
    }

    /** How many planned re-puts wait to be put (tests). */
    synchronized int plannedReputs() {
        return pending.size();
    }

    /** Puts derived re-puts {@code models} at a time and runs {@code between} after each step (tests). */
    synchronized void slicing(int models, Runnable between) {
        slice = models;
        betweenSlices = between;
    }

    /** Runs {@code after} after each walk without the lock, before it is planned (tests). */
    void walking(Runnable after) {
        afterWalk = after;
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

    long floor() {
        return floor;
    }

    /**
     * Whether documents changed since the last call and none is pending: an index committed with re-puts pending would
     * hold the floor past changes whose derived re-puts it lacks, and a restart would not redo them.
     */
    synchronized boolean takeDirty() {
        if (!pending.isEmpty()) {
            return false;
        }
        boolean d = dirty;
        dirty = false;
        return d;
    }
}
