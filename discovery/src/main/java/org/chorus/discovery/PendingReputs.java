package org.chorus.discovery;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.discovery.Ancestry.Entry;

/**
 * The derived re-puts the change follower has planned but not put yet: models below a changed one, each with the
 * lineage its plan settled, put slice by slice ({@link ChangeFollower#putSlice}) so that reads wait at most a slice.
 * Until put, their documents carry their old lineage; a later plan reads a pending model's lineage from here, not from
 * the index ({@link #above}), and what it re-puts itself is taken out ({@link #drop}). {@link #withdrawn}: the models
 * that stopped being public models (made private, renamed, deleted) while lineages still to be re-put may name them.
 * {@link #later}: changed models put already whose descendants are still to be walked and planned
 * ({@link AncestryUpdate.Later}); the re-puts are pending from the change on, planned or not. Used under the
 * follower's lock.
 */
final class PendingReputs {
    /** What one slice puts: its models by repository id as planned, and their lineages by model key. */
    record Slice(Map<String, Ancestry.Model> models, Map<String, List<Entry>> ancestry) {}

    /** The planned models by repository id, in plan order (a generation before the next). */
    private final Map<String, Ancestry.Model> rows = new LinkedHashMap<>();
    /** Model key → repository id of the pending rows. */
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, List<Entry>> ancestry = new HashMap<>();
    private final Set<String> withdrawn = new HashSet<>();
    private AncestryUpdate.Later later = AncestryUpdate.Later.NONE;

    boolean isEmpty() {
        return rows.isEmpty() && later.isEmpty();
    }

    /** Notes models whose descendants are still to be walked and planned. */
    void later(AncestryUpdate.Later more) {
        later = later.and(more);
    }

    /** The walks still to be planned (none: {@link AncestryUpdate.Later#NONE}). */
    AncestryUpdate.Later later() {
        return later;
    }

    /** Takes the walks still to be planned (none: {@link AncestryUpdate.Later#NONE}). */
    AncestryUpdate.Later takeLater() {
        AncestryUpdate.Later out = later;
        later = AncestryUpdate.Later.NONE;
        return out;
    }

    int size() {
        return rows.size();
    }

    /** Adds a plan's re-puts, each with its lineage from {@code planned} (absent: none); a newer plan replaces an older one. */
    void add(Map<String, Ancestry.Model> below, Map<String, List<Entry>> planned) {
        below.forEach((id, m) -> {
            drop(id);
            rows.put(id, m);
            ids.put(m.key(), id);
            ancestry.put(m.key(), planned.getOrDefault(m.key(), List.of()));
        });
    }

    /** Takes these repositories out: their documents are put (or deleted) now, newer than what was planned. */
    void drop(Collection<String> repoIds) {
        repoIds.forEach(this::drop);
    }

    private void drop(String repoId) {
        Ancestry.Model m = rows.remove(repoId);
        if (m != null) {
            ids.remove(m.key());
            ancestry.remove(m.key());
        }
    }

    /** Whether {@code key} is a pending model: its indexed lineage is stale, {@link #above} has the planned one. */
    boolean holds(String key) {
        return ids.containsKey(key);
    }

    /** A pending model as its children's lineages will read it once put, or null when it is not a public model. */
    Ancestry.Above above(String key) {
        Ancestry.Model m = rows.get(ids.get(key));
        return m.isPublic() ? new Ancestry.Above(ancestry.get(key), m.side()) : null;
    }

    /** Notes models no longer public ({@code gone}) and models public again ({@code back}). */
    void withdraw(Set<String> gone, Set<String> back) {
        withdrawn.addAll(gone);
        withdrawn.removeAll(back);
    }

    /**
     * The models no longer public that lineages still to be re-put may name: once nothing is pending, none (and those
     * noted are forgotten, so that the next pending work starts from its own).
     */
    Set<String> withdrawn() {
        if (isEmpty()) {
            withdrawn.clear();
        }
        return Set.copyOf(withdrawn);
    }

    /** Takes the next {@code n} re-puts off the list. */
    Slice take(int n) {
        Map<String, Ancestry.Model> out = new LinkedHashMap<>();
        Map<String, List<Entry>> lineages = new HashMap<>();
        Iterator<Map.Entry<String, Ancestry.Model>> it = rows.entrySet().iterator();
        while (it.hasNext() && out.size() < n) {
            Map.Entry<String, Ancestry.Model> e = it.next();
            it.remove();
            String key = e.getValue().key();
            ids.remove(key);
            lineages.put(key, ancestry.remove(key));
            out.put(e.getKey(), e.getValue());
        }
        return new Slice(out, lineages);
    }
}
