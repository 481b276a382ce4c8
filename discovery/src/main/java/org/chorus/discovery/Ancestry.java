package org.chorus.discovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.chorus.discovery.LineageFields.Base;

/**
 * A public model's lineage along public models, indexed with it so that a family's size, generations, top members
 * and drawn tree are counts and sorted queries of terms, not a walk per request ({@link PublicFamily}). For each public
 * model R above it (reachable through public models only, at most {@link Lineages#MAX_DEPTH} generations) the model
 * carries the generation at which the family walk from R ({@link FamilyWalk#descendants}) reaches it, the relation to
 * the base it is reached from, and the models in between: the same answer as that walk, by its own rule (breadth first,
 * each model from the first of its bases, in {@link LineageFields#LINEAGE} order, in the generation before). A private
 * model carries none, and no lineage passes through one.
 */
final class Ancestry {
    /** Each ancestor's key: the family's members. */
    static final String ANCESTOR = "ancestor";
    /** {@code root SEP generation SEP relation}: a generation's counts by relation. */
    static final String GENERATION = "ancestor_generation";
    /** {@code root SEP parent}: a member's children in the root's tree. */
    static final String PARENT = "ancestor_parent";
    /** {@code root SEP parent-of-x SEP x} for each x between the root and the model: x's descendants in the root's tree. */
    static final String UNDER = "ancestor_under";
    /** Each {@link Entry#encoded()}, read back to extend a lineage by one model and to name a member's base. */
    static final String ENTRIES = "ancestry";
    /** {@code root SEP edge}: the {@link DriftEdge} from the model's parent in the root's tree to the model (drift's counts). */
    static final String DRIFT = "ancestor_drift";
    static final char SEP = LineageFields.SEP;
    static final Comparator<Base> LINEAGE_ORDER = Comparator.comparing(b -> new BytesRef(b.encoded()));

    private Ancestry() {}

    /**
     * The model is {@code generation} steps below {@code root}, reached from its base by {@code relation} through
     * {@code between}; {@code edge} the {@link DriftEdge} from that base to the model.
     */
    record Entry(String root, int generation, String relation, String edge, List<String> between) {
        String parent() {
            return between.isEmpty() ? root : between.getLast();
        }

        String encoded() {
            StringBuilder s = new StringBuilder(root).append(SEP).append(generation).append(SEP).append(relation).append(SEP).append(edge);
            between.forEach(k -> s.append(SEP).append(k));
            return s.toString();
        }

        static Entry decode(String value) {
            String[] parts = value.split(String.valueOf(SEP), -1);
            return new Entry(parts[0], Integer.parseInt(parts[1]), parts[2], parts[3], List.of(parts).subList(4, parts.length));
        }

        /** This lineage extended by one model, reached from this entry's model by {@code relation} over {@code edge}. */
        Entry below(String self, String relation, String edge) {
            List<String> longer = new ArrayList<>(between.size() + 1);
            longer.addAll(between);
            longer.add(self);
            return new Entry(root, generation + 1, relation, edge, List.copyOf(longer));
        }
    }

    /**
     * A model as its lineage sees it: lower-cased key, whether public, its bases in {@link LineageFields#LINEAGE} order,
     * and what drift compares between it and its bases.
     */
    record Model(String key, boolean isPublic, List<Base> bases, DriftEdge.Side side) {
        static Model of(String key, boolean isPublic, Collection<Base> bases, DriftEdge.Side side) {
            java.util.TreeSet<Base> ordered = new java.util.TreeSet<>(LINEAGE_ORDER);
            ordered.addAll(bases);
            return new Model(key, isPublic, List.copyOf(ordered), side);
        }
    }

    /** A public model as the lineages of the models naming it read it: its own entries, and its side of their edges. */
    record Above(List<Entry> entries, DriftEdge.Side side) {}

    static String key(org.chorus.hub.repos.Repo r) {
        return r.fullName().toLowerCase(java.util.Locale.ROOT);
    }

    /** The row as its lineage sees it, or null for a dataset. */
    static Model model(org.chorus.hub.repos.Repo r) {
        return r.type() == org.chorus.hub.repos.RepoType.MODEL ? Model.of(key(r), !r.isPrivate(), LineageFields.bases(r), LineageFields.side(r)) : null;
    }

    /** Every model of a rebuild, collected batch by batch before any document is written, then {@link #all}. */
    static final class Collected {
        private final Map<String, Model> models = new HashMap<>();

        synchronized void add(Collection<IndexRow> rows) {
            for (IndexRow row : rows) {
                Model m = model(row.repo());
                if (m != null) {
                    models.put(m.key(), m);
                }
            }
        }

        Map<String, List<Entry>> ancestry() {
            return all(models);
        }
    }

    static void add(Document d, List<Entry> entries) {
        for (Entry e : entries) {
            d.add(new StringField(ANCESTOR, e.root(), Field.Store.NO));
            d.add(new StringField(GENERATION, generationTerm(e.root(), e.generation(), e.relation()), Field.Store.NO));
            d.add(new StringField(PARENT, e.root() + SEP + e.parent(), Field.Store.NO));
            d.add(new StringField(DRIFT, e.root() + SEP + e.edge(), Field.Store.NO));
            String above = e.root();
            for (String k : e.between()) {
                d.add(new StringField(UNDER, e.root() + SEP + above + SEP + k, Field.Store.NO));
                above = k;
            }
            d.add(new SortedSetDocValuesField(ENTRIES, new BytesRef(e.encoded())));
        }
    }

    static String generationTerm(String root, int generation, String relation) {
        return root + SEP + generation + SEP + relation;
    }

    /**
     * The model's entries from its bases': {@code publicBase} gives a base as its children read it, or null when the base
     * is not a public model. Per root the shortest lineage wins; among equally short ones the first base in lineage order.
     */
    static List<Entry> of(Model m, Function<String, Above> publicBase) {
        if (!m.isPublic()) {
            return List.of();
        }
        Map<String, Entry> best = new LinkedHashMap<>();
        for (Base b : m.bases()) {
            Above above = publicBase.apply(b.key());
            if (above == null || b.key().equals(m.key())) {
                continue;
            }
            String edge = DriftEdge.code(above.side(), m.side());
            keep(best, new Entry(b.key(), 1, b.relation(), edge, List.of()));
            for (Entry e : above.entries()) {
                if (!e.root().equals(m.key()) && e.generation() < Lineages.MAX_DEPTH) {
                    keep(best, e.below(b.key(), b.relation(), edge));
                }
            }
        }
        return List.copyOf(best.values());
    }

    private static void keep(Map<String, Entry> best, Entry e) {
        Entry known = best.get(e.root());
        if (known == null || e.generation() < known.generation()) {
            best.put(e.root(), e);
        }
    }

    /**
     * Every model's entries, by a breadth-first walk from each public model over the public ones (a rebuild: the whole
     * graph is known). Keyed by model key; models without entries are absent.
     */
    static Map<String, List<Entry>> all(Map<String, Model> models) {
        Map<String, List<String>> children = new HashMap<>();
        for (Model m : models.values()) {
            if (!m.isPublic()) {
                continue;
            }
            Set<String> named = new HashSet<>();
            for (Base b : m.bases()) {
                Model base = models.get(b.key());
                if (base != null && base.isPublic() && named.add(b.key())) {
                    children.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(m.key());
                }
            }
        }
        Map<String, List<Entry>> out = new HashMap<>();
        for (String root : children.keySet()) {
            Map<String, Entry> reached = new HashMap<>();
            Set<String> seen = new HashSet<>(Set.of(root));
            Set<String> frontier = Set.of(root);
            for (int g = 1; g <= Lineages.MAX_DEPTH && !frontier.isEmpty(); g++) {
                Set<String> next = new HashSet<>();
                for (String p : frontier) {
                    for (String c : children.getOrDefault(p, List.of())) {
                        if (seen.add(c)) {
                            next.add(c);
                        }
                    }
                }
                for (String c : next) {
                    Model child = models.get(c);
                    for (Base b : child.bases()) {
                        if (frontier.contains(b.key())) {
                            String edge = DriftEdge.code(models.get(b.key()).side(), child.side());
                            Entry e = g == 1 ? new Entry(root, 1, b.relation(), edge, List.of()) : reached.get(b.key()).below(b.key(), b.relation(), edge);
                            reached.put(c, e);
                            out.computeIfAbsent(c, k -> new ArrayList<>()).add(e);
                            break;
                        }
                    }
                }
                frontier = next;
            }
        }
        return out;
    }

    /**
     * The entries of {@code affected} models recomputed from their bases until none changes (a worklist in breadth
     * order from the changed ones; a cycle of bases settles as the walk's shortest lineages do). {@code models}: each
     * affected model; {@code outside}: a public model outside the set as its children read it (null when not a public model);
     * {@code childrenOf}: the affected models naming a key as their base.
     */
    static Map<String, List<Entry>> settle(Map<String, Model> affected, Function<String, Above> outside,
                                           Function<String, Collection<String>> childrenOf) {
        Map<String, List<Entry>> now = new HashMap<>();
        affected.keySet().forEach(k -> now.put(k, List.of()));
        Function<String, Above> lookup = k -> {
            Model m = affected.get(k);
            return m == null ? outside.apply(k) : m.isPublic() ? new Above(now.get(k), m.side()) : null;
        };
        ArrayDeque<String> work = new ArrayDeque<>(affected.keySet());
        Set<String> queued = new HashSet<>(affected.keySet());
        int budget = affected.size() * (Lineages.MAX_DEPTH + 2);
        while (!work.isEmpty() && budget-- > 0) {
            String k = work.poll();
            queued.remove(k);
            List<Entry> fresh = of(affected.get(k), lookup);
            if (!fresh.equals(now.get(k))) {
                now.put(k, fresh);
                for (String c : childrenOf.apply(k)) {
                    if (affected.containsKey(c) && queued.add(c)) {
                        work.add(c);
                    }
                }
            }
        }
        return now;
    }
}
