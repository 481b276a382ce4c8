package org.chorus.discovery;

import static org.chorus.discovery.DocValueStrings.string;
import static org.chorus.discovery.DocValueStrings.strings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.chorus.discovery.LineageFields.Base;
import org.chorus.hub.repos.FamilyTree;

/**
 * Walks a family through the index one generation at a time: a generation is the models whose
 * {@link LineageFields#BASE} is in the previous generation, within what the caller may read, found by term seeks and
 * read from doc values.
 */
final class FamilyWalk {
    /** A model the walk reached; {@code parent} is its index in the walk (-1 for the model walked from). */
    record Reached(String id, String key, String relation, int parent, int generation, long downloads, long likes,
                   String licence, List<String> languages, long cardLength, List<Base> bases) {
        Reached below(String relation, int parent, int generation) {
            return new Reached(id, key, relation, parent, generation, downloads, likes, licence, languages, cardLength, bases);
        }
    }

    private final IndexSearcher searcher;
    private final Query scope;

    /** {@code visible}: the caller's read rule as a filter, null for everything. */
    FamilyWalk(IndexSearcher searcher, Query visible) {
        this.searcher = searcher;
        this.scope = visible == null ? models() : and(models(), visible);
    }

    static Query models() {
        return new TermQuery(new Term(RepoDocuments.KIND, "model"));
    }

    static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    Query scope() {
        return scope;
    }

    /** The model with this lower-cased id, if the caller may read it. */
    Optional<Reached> find(String key) throws IOException {
        List<Reached> found = new ArrayList<>(1);
        visit(and(scope, new TermQuery(new Term(RepoDocuments.NAME, key))), found::add);
        return found.stream().findFirst();
    }

    /**
     * The model then its descendants, generation by generation; each reached once, from its first base reached. A
     * generation is found by looking each parent's key up in every segment's {@link ChildIndex} (the children naming
     * it) and checking the candidates, in document order, against the caller's scope: no query is planned per
     * generation, and each model costs a hash lookup per segment and its doc values. {@code forDrift}: also read each
     * model's licence, languages and card length (lineage drift needs them, the tree does not).
     */
    List<Reached> descendants(Reached root, int maxDepth, boolean forDrift) throws IOException {
        List<Reached> all = new ArrayList<>(List.of(root));
        Set<String> seen = new HashSet<>(Set.of(root.key()));
        Map<String, Integer> frontier = Map.of(root.key(), 0);
        Weight scoped = searcher.createWeight(searcher.rewrite(scope), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        ChildIndex[] adjacency = new ChildIndex[leaves.size()];
        for (int i = 0; i < adjacency.length; i++) {
            adjacency[i] = ChildIndex.of(leaves.get(i).reader());
        }
        for (int g = 1; g <= maxDepth && !frontier.isEmpty(); g++) {
            Map<String, Integer> parents = frontier;
            Map<String, Integer> next = new HashMap<>();
            for (int i = 0; i < adjacency.length; i++) {
                FixedBitSet candidates = null;
                for (String key : parents.keySet()) {
                    int[] docs = adjacency[i].children(key);
                    if (docs.length > 0) {
                        candidates = candidates == null ? new FixedBitSet(leaves.get(i).reader().maxDoc()) : candidates;
                        for (int doc : docs) {
                            candidates.set(doc);
                        }
                    }
                }
                if (candidates == null) {
                    continue;
                }
                int generation = g;
                reachable(leaves.get(i), scoped, candidates, forDrift, r -> {
                    if (seen.contains(r.key())) {
                        return;
                    }
                    for (Base b : r.bases()) {
                        Integer parent = parents.get(b.key());
                        if (parent != null) {
                            seen.add(r.key());
                            next.put(r.key(), all.size());
                            all.add(r.below(b.relation(), parent, generation));
                            return;
                        }
                    }
                });
            }
            frontier = next;
        }
        return all;
    }

    /** The candidate documents of the leaf that are live and in scope, read in document order. */
    private static void reachable(LeafReaderContext leaf, Weight scoped, FixedBitSet candidates, boolean forDrift, Consumer<Reached> each)
            throws IOException {
        Scorer scorer = scoped.scorer(leaf);
        if (scorer == null) {
            return;
        }
        Bits live = leaf.reader().getLiveDocs();
        DocIdSetIterator in = scorer.iterator();
        Columns columns = new Columns(leaf.reader(), forDrift);
        int max = candidates.length();
        for (int doc = candidates.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS; doc = doc + 1 < max ? candidates.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
            if ((live == null || live.get(doc)) && (in.docID() == doc || (in.docID() < doc && in.advance(doc) == doc))) {
                each.accept(columns.read(doc));
            }
        }
    }

    /**
     * Each step up from the model: the bases its card names, then theirs. A base the caller may not read, or that is not
     * in the index, ends its branch (named, as the card names it, not followed); each model is followed once.
     */
    List<FamilyTree.Edge> ancestors(Reached model, int maxDepth) throws IOException {
        List<FamilyTree.Edge> up = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(model.key()));
        List<Reached> frontier = List.of(model);
        for (int d = 1; d <= maxDepth && !frontier.isEmpty(); d++) {
            List<Reached> next = new ArrayList<>();
            for (Reached node : frontier) {
                for (Base b : node.bases()) {
                    up.add(new FamilyTree.Edge(node.id(), b.name(), b.relation(), d));
                    find(b.key()).filter(r -> seen.add(r.key())).ifPresent(next::add);
                }
            }
            frontier = next;
        }
        return up;
    }

    private void visit(Query query, Consumer<Reached> each) throws IOException {
        LiveScan.matches(searcher, query, leaf -> {
            Columns columns = new Columns(leaf.reader(), true);
            return doc -> each.accept(columns.read(doc));
        });
    }

    /** One segment's doc values, read forward in document order; licence, languages and card length only for drift. */
    private static final class Columns {
        private final SortedDocValues id;
        private final SortedDocValues key;
        private final SortedDocValues licence;
        private final SortedSetDocValues lineage;
        private final SortedSetDocValues languages;
        private final NumericDocValues downloads;
        private final NumericDocValues likes;
        private final NumericDocValues cardLength;

        Columns(LeafReader r, boolean forDrift) throws IOException {
            id = DocValues.getSorted(r, LineageFields.FULL_NAME);
            key = DocValues.getSorted(r, RepoDocuments.NAME_SORT);
            lineage = DocValues.getSortedSet(r, LineageFields.LINEAGE);
            downloads = DocValues.getNumeric(r, RepoDocuments.DOWNLOADS);
            likes = DocValues.getNumeric(r, RepoDocuments.LIKES);
            licence = forDrift ? DocValues.getSorted(r, LineageFields.LICENSE) : null;
            languages = forDrift ? DocValues.getSortedSet(r, LineageFields.LANGUAGES) : null;
            cardLength = forDrift ? DocValues.getNumeric(r, LineageFields.CARD_LENGTH) : null;
        }

        Reached read(int doc) {
            try {
                List<Base> bases = new ArrayList<>();
                for (String v : strings(lineage, doc)) {
                    bases.add(Base.decode(v));
                }
                return new Reached(string(id, doc), string(key, doc), null, -1, 0, number(downloads, doc), number(likes, doc),
                        licence == null ? null : string(licence, doc), languages == null ? List.of() : strings(languages, doc),
                        cardLength == null ? 0 : number(cardLength, doc), bases);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static long number(NumericDocValues dv, int doc) throws IOException {
            return dv.advanceExact(doc) ? dv.longValue() : 0;
        }
    }
}
