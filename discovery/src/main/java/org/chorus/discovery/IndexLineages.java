package org.chorus.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.search.FieldExistsQuery;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.discovery.FamilyWalk.Reached;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Page;
import org.chorus.hub.repos.RepoId;

/** {@link Lineages} over one {@link Ecosystem}: the live hub's index, or an imported snapshot's of the same document schema. */
final class IndexLineages implements Lineages {
    static final int MAX_LIMIT = 100;
    static final int MAX_OFFSET = 10_000;

    private final Ecosystem ecosystem;

    IndexLineages(Ecosystem ecosystem) {
        this.ecosystem = ecosystem;
    }

    private interface Read<T> {
        T apply(FamilyWalk walk, SearchIndex.View view, boolean publicOnly) throws IOException;
    }

    /** Runs {@code read} with the caller's walk; {@code publicOnly}: the caller may read no private model here. */
    private <T> T read(Optional<Principal> caller, Read<T> read) {
        return ecosystem.read(caller, (view, visible) -> read.apply(new FamilyWalk(view.searcher, visible), view,
                PublicFamily.serves(view.searcher, visible)));
    }

    private static Reached require(FamilyWalk walk, RepoId model) throws IOException {
        return walk.find(model.fullName().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new ChorusException(ErrorCode.REPO_NOT_FOUND, "repository " + model.fullName() + " not found"));
    }

    @Override
    public Family family(Optional<Principal> caller, RepoId model) {
        return read(caller, (walk, view, publicOnly) -> {
            Reached root = require(walk, model);
            List<org.chorus.hub.repos.FamilyTree.Edge> ancestors = walk.ancestors(root, MAX_DEPTH);
            // a caller who may read a private model gets the walk: only public models carry their lineage in the index
            return publicOnly ? PublicFamily.of(view.searcher, view.staleLineage(), walk.scope(), root, ancestors)
                    : family(ancestors, walk.descendants(root, MAX_DEPTH, false));
        });
    }

    static Family family(List<org.chorus.hub.repos.FamilyTree.Edge> ancestors, List<Reached> all) {
        int n = all.size();
        int depth = all.getLast().generation();
        List<Generation> generations = new ArrayList<>();
        for (int g = 1; g <= depth; g++) {
            generations.add(new Generation(g, 0, relations()));
        }
        long[] below = new long[n];
        for (int i = n - 1; i > 0; i--) {
            Reached r = all.get(i);
            below[r.parent()] += below[i] + 1;
            Generation gen = generations.get(r.generation() - 1);
            gen.relations().merge(r.relation(), 1L, Long::sum);
        }
        generations.replaceAll(g -> new Generation(g.generation(), g.relations().values().stream().mapToLong(Long::longValue).sum(), g.relations()));
        return new Family(all.getFirst().id(), ancestors, n - 1, depth, generations, top(all, Reached::downloads), top(all, Reached::likes),
                drawn(all, below));
    }

    private static Map<String, Long> relations() {
        Map<String, Long> m = new TreeMap<>();
        LineageFields.RELATIONS.forEach(r -> m.put(r, 0L));
        return m;
    }

    private static List<Member> top(List<Reached> all, ToLongFunction<Reached> by) {
        Comparator<Reached> order = Comparator.comparingLong(by).reversed().thenComparing(Reached::key);
        return first(all.subList(1, all.size()), TOP, order).stream()
                .map(r -> new Member(r.id(), all.get(r.parent()).id(), r.relation(), r.generation(), r.downloads(), r.likes())).toList();
    }

    /** The first {@code k} of {@code items} in {@code order}, without sorting them all (a family can hold 100,000s). */
    static <T> List<T> first(List<T> items, int k, Comparator<T> order) {
        java.util.PriorityQueue<T> kept = new java.util.PriorityQueue<>(k + 1, order.reversed());
        for (T item : items) {
            kept.add(item);
            if (kept.size() > k) {
                kept.poll();
            }
        }
        List<T> out = new ArrayList<>(kept);
        out.sort(order);
        return out;
    }

    /** The tree drawn breadth first: each node's children with the most descendants first, within the budgets. */
    private static Node drawn(List<Reached> all, long[] below) {
        int n = all.size();
        int[] childCount = new int[n];
        for (int i = 1; i < n; i++) {
            childCount[all.get(i).parent()]++;
        }
        int[] start = new int[n + 1];
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + childCount[i];
        }
        Integer[] children = new Integer[n - 1];
        int[] fill = Arrays.copyOf(start, n);
        for (int i = 1; i < n; i++) {
            children[fill[all.get(i).parent()]++] = i;
        }
        Comparator<Integer> order = Comparator.comparingLong((Integer i) -> -below[i]).thenComparingLong(i -> -all.get(i).downloads())
                .thenComparing(i -> all.get(i).key());
        Map<Integer, List<Integer>> shown = new LinkedHashMap<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>(List.of(0));
        int budget = SHOWN_NODES - 1;
        while (!queue.isEmpty()) {
            int at = queue.poll();
            List<Integer> kids = first(Arrays.asList(children).subList(start[at], start[at + 1]), Math.min(SHOWN_CHILDREN, budget), order);
            List<Integer> taken = List.copyOf(kids);
            budget -= taken.size();
            queue.addAll(taken);
            shown.put(at, taken);
        }
        return node(0, all, below, shown, start);
    }

    private static Node node(int at, List<Reached> all, long[] below, Map<Integer, List<Integer>> shown, int[] start) {
        Reached r = all.get(at);
        List<Integer> kids = shown.getOrDefault(at, List.of());
        return new Node(r.id(), r.relation(), r.downloads(), r.likes(), below[at],
                kids.stream().map(k -> node(k, all, below, shown, start)).toList(), start[at + 1] - start[at] - kids.size());
    }

    @Override
    public Page<FamilyRank> families(Optional<Principal> caller, int offset, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ChorusException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        if (offset < 0 || offset > MAX_OFFSET) {
            throw ChorusException.invalid("offset must be between 0 and " + MAX_OFFSET);
        }
        return read(caller, (walk, view, publicOnly) -> {
            // the public ranking is counted once per view (a view never changes) and kept by the next while only re-puts
            // moved lineages (they change no base); a caller who may read private models gets their own
            Ranking ranking = publicOnly ? view.lineageFreeMemo(Ranking.class, () -> ranking(view, walk.scope())) : ranking(view, walk.scope());
            if (ranking == null) {
                return new Page<>(List.of(), -1, false);
            }
            LabelAndValue[] ranked = ranking.ranked();
            List<FamilyRank> out = new ArrayList<>();
            int hosted = 0;
            for (LabelAndValue lv : ranked) {
                Optional<Reached> base = walk.find(lv.label);
                if (base.isEmpty() || hosted++ < offset) {
                    continue; // a base that is not a model here, or one the caller may not read, is no family here
                }
                Map<String, Long> byRelation = relations();
                for (String relation : LineageFields.RELATIONS) {
                    byRelation.put(relation, ranking.byRelation().getOrDefault(relation + ":" + lv.label, 0L));
                }
                out.add(new FamilyRank(base.get().id(), lv.value.longValue(), byRelation, base.get().downloads(), base.get().likes()));
                if (out.size() > limit) {
                    break;
                }
            }
            boolean more = out.size() > limit;
            return new Page<>(more ? List.copyOf(out.subList(0, limit)) : List.copyOf(out), -1, more);
        });
    }

    /**
     * Each base's direct derivatives in {@code scope}, most first (ties by key), and by {@code relation:base}; null when
     * none names a base. Plain values, not the facet counts, which would hold on to the view's reader.
     */
    private record Ranking(LabelAndValue[] ranked, Map<String, Long> byRelation) {}

    private static Ranking ranking(SearchIndex.View view, org.apache.lucene.search.Query scope) throws IOException {
        SortedSetDocValuesReaderState state = view.lineage();
        if (state == null) {
            return null;
        }
        FacetsCollector fc = view.searcher.search(FamilyWalk.and(scope, new FieldExistsQuery(LineageFields.LINEAGE)), new FacetsCollectorManager());
        if (fc.getMatchingDocs().stream().allMatch(m -> m.totalHits() == 0)) {
            return null;
        }
        SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(state, fc);
        FacetResult bases = counts.getAllChildren(LineageFields.DIM_BASE);
        LabelAndValue[] ranked = bases == null ? new LabelAndValue[0] : bases.labelValues.clone();
        Arrays.sort(ranked, Comparator.comparingLong((LabelAndValue lv) -> -lv.value.longValue()).thenComparing(lv -> lv.label));
        Map<String, Long> byRelation = new HashMap<>();
        FacetResult relations = counts.getAllChildren(LineageFields.DIM_RELATION);
        if (relations != null) {
            for (LabelAndValue lv : relations.labelValues) {
                byRelation.put(lv.label, lv.value.longValue());
            }
        }
        return new Ranking(ranked, byRelation);
    }

    @Override
    public Drift drift(Optional<Principal> caller, RepoId model) {
        return read(caller, (walk, view, publicOnly) -> {
            Reached root = require(walk, model);
            // as the family: a caller who may read a private model gets the walk
            return publicOnly ? PublicDrift.of(view.searcher, view.staleLineage(), root) : drift(walk.descendants(root, MAX_DEPTH, true));
        });
    }

    static Drift drift(List<Reached> all) {
        DriftTally tally = new DriftTally();
        for (Reached r : all) {
            tally.card(r.generation(), r.cardLength());
            if (r.parent() >= 0) {
                tally.edge(DriftEdge.code(side(all.get(r.parent())), side(r)), 1);
            }
        }
        return tally.drift(all.getFirst().id());
    }

    private static DriftEdge.Side side(Reached r) {
        return DriftEdge.Side.of(r.licence(), r.languages());
    }
}
