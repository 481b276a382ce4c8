package org.chorus.discovery;

import static org.chorus.discovery.DocValueStrings.string;
import static org.chorus.discovery.DocValueStrings.strings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.chorus.discovery.Ancestry.Entry;
import org.chorus.discovery.Ancestry.Model;
import org.chorus.discovery.LineageFields.Base;

/**
 * Keeps {@link Ancestry} current as the change follower re-puts repositories. A changed model whose bases, visibility
 * or name are unchanged gets its lineage from its bases' indexed one; one whose lineage may have changed (new, deleted,
 * renamed, made private or public, bases changed) also re-puts every model below it (through any model, by
 * {@link LineageFields#BASE} terms), their lineages settled together ({@link Ancestry#settle}); one whose side of a
 * drift edge changed (licence, languages) re-puts the models naming it as a base, whose edges from it changed.
 */
final class AncestryUpdate {
    /**
     * What to put: the models below the changed rows (by repository id, as their indexed documents have them: rows are
     * read from SQL when put, see {@link #fresh}), with every model's lineage by key; {@code withdrawn}: the models
     * that were public and no longer are (made private, renamed: the old key, deleted), which lineages below them named;
     * {@code later}: what hangs below the changed rows when it is more than the walk's limit, to be walked once the
     * changed documents are put ({@link #walk}; {@code below} is then empty); {@code touched}: the keys whose lineage
     * this plan may move (the changed models' keys, old and new, and the bases they name; none when nothing moves), by
     * which a walk that ran meanwhile knows whether it is still current ({@link #meets}).
     */
    record Plan(Map<String, Model> below, Map<String, List<Entry>> ancestry, Set<String> withdrawn, Later later, Set<String> touched) {}

    /** Models whose descendants ({@code roots}) or children ({@code parents}) are still to be walked and re-put. */
    record Later(Set<String> roots, Set<String> parents) {
        static final Later NONE = new Later(Set.of(), Set.of());

        boolean isEmpty() {
            return roots.isEmpty() && parents.isEmpty();
        }

        Later and(Later other) {
            Set<String> r = new HashSet<>(roots);
            r.addAll(other.roots);
            Set<String> p = new HashSet<>(parents);
            p.addAll(other.parents);
            return new Later(Set.copyOf(r), Set.copyOf(p));
        }
    }

    private record Indexed(String key, boolean isPublic, Set<String> lineage, DriftEdge.Side side) {}

    private static final int READ_BATCH = 1_000;
    private static final Query PRIVATE = new TermQuery(new Term(RepoDocuments.PRIVATE, RepoDocuments.YES));

    private AncestryUpdate() {}

    /**
     * {@code rows}: the changed repositories as SQL has them; {@code gone}: ids deleted; {@code pending}: re-puts
     * planned before and not put yet, whose planned lineage is read instead of their indexed (stale) one. The models
     * below are read from the index, not SQL, so that planning a family's re-put costs no SQL read of the family. When
     * more than {@code limit} models hang below, they are not walked here (a family of 270,000 takes seconds): the
     * plan settles the changed rows alone and says what to walk {@code later}, so the change is visible first.
     */
    static Plan plan(SearchIndex.View view, List<IndexRow> rows, Set<String> gone, PendingReputs pending, int limit) throws IOException {
        IndexSearcher searcher = view.searcher;
        Set<String> ids = new HashSet<>(gone);
        rows.forEach(r -> ids.add(r.repo().id()));
        Map<String, Indexed> before = indexed(searcher, ids);
        Set<String> stale = new HashSet<>();
        Set<String> roots = new HashSet<>();
        Set<String> parents = new HashSet<>();
        Set<String> withdrawn = new HashSet<>();
        for (String id : gone) {
            Indexed old = before.get(id);
            if (old != null) {
                roots.add(old.key());
                stale.add(old.key());
                if (old.isPublic()) {
                    withdrawn.add(old.key());
                }
            }
        }
        Map<String, Model> affected = new LinkedHashMap<>();
        for (IndexRow row : rows) {
            Model m = Ancestry.model(row.repo());
            if (m == null) {
                continue;
            }
            affected.put(m.key(), m);
            Indexed old = before.get(row.repo().id());
            Set<String> lineage = new TreeSet<>();
            m.bases().forEach(b -> lineage.add(b.encoded()));
            if (old == null || !old.key().equals(m.key()) || old.isPublic() != m.isPublic() || !old.lineage().equals(lineage)) {
                roots.add(m.key());
                if (old != null) {
                    roots.add(old.key());
                    stale.add(old.key());
                    if (old.isPublic() && (!m.isPublic() || !old.key().equals(m.key()))) {
                        withdrawn.add(old.key());
                    }
                }
            } else if (m.isPublic() && !old.side().equals(m.side())) {
                parents.add(m.key());
            }
        }
        if (roots.isEmpty() && parents.isEmpty() && affected.keySet().stream().noneMatch(pending::holds)) {
            // nothing in this batch moves a lineage (counts, a card's text, tags other than bases: the daily decay puts
            // millions of such rows): each model keeps the lineage its document holds, with no search per base
            return new Plan(Map.of(), entries(searcher, ids), Set.of(), Later.NONE, Set.of());
        }
        Set<String> touched = new HashSet<>(stale);
        for (Model m : affected.values()) {
            touched.add(m.key());
            m.bases().forEach(b -> touched.add(b.key()));
        }
        Set<String> found = new HashSet<>(ids);
        Map<String, Model> more = new LinkedHashMap<>();
        Later later = Later.NONE;
        if (!hanging(searcher, roots, parents, found, more, limit)) {
            later = new Later(Set.copyOf(roots), Set.copyOf(parents));
            more.clear();
        }
        more.values().forEach(m -> affected.put(m.key(), m));
        return new Plan(more, settle(searcher, affected, stale, pending), withdrawn, later, touched);
    }

    /**
     * What hangs below models already put with their new lineage (a plan's {@link Plan#later}): every model below
     * {@code later}'s roots and every child of its parents, by repository id as its document has it, in walk order.
     * Reads only the view, so it may run without the follower's lock ({@link #meets} says whether it is still current).
     */
    static Map<String, Model> walk(SearchIndex.View view, Later later) throws IOException {
        Set<String> found = new HashSet<>();
        Map<String, Model> out = new LinkedHashMap<>();
        hanging(view.searcher, later.roots(), later.parents(), found, out, Integer.MAX_VALUE);
        return out;
    }

    /**
     * Whether changes applied since a {@link #walk} of {@code later} began ({@code touched}: their plans'
     * {@link Plan#touched}) may have moved a lineage in or into the walked family: then its result is stale.
     */
    static boolean meets(Map<String, Model> walked, Later later, Set<String> touched) {
        if (touched.isEmpty()) {
            return false;
        }
        return later.roots().stream().anyMatch(touched::contains) || later.parents().stream().anyMatch(touched::contains)
                || walked.values().stream().anyMatch(m -> touched.contains(m.key()));
    }

    /** The re-puts of a {@link #walk}'s models, their lineages settled on {@code view} (under the follower's lock). */
    static Plan settled(SearchIndex.View view, Map<String, Model> walked, PendingReputs pending) {
        Map<String, Model> affected = new LinkedHashMap<>();
        walked.values().forEach(m -> affected.put(m.key(), m));
        // the changed models are put: a renamed or deleted one's old key has no document left, so no stale keys here
        return new Plan(walked, settle(view.searcher, affected, new HashSet<>(), pending), Set.of(), Later.NONE, Set.of());
    }

    /**
     * The lineages of the {@code affected} models (by key), settled together; the models outside them read as their
     * pending plan has them, else as indexed, except {@code stale} keys (old keys of changed models), which read as none.
     * {@code affected} in walk order, a generation before the next: settled in that order, most models are computed
     * once (in any other order a model computed before its base is computed again after it, up to once a generation).
     */
    private static Map<String, List<Entry>> settle(IndexSearcher searcher, Map<String, Model> affected, Set<String> stale, PendingReputs pending) {
        stale.removeAll(affected.keySet());
        Map<String, Set<String>> children = new HashMap<>();
        for (Model m : affected.values()) {
            for (Base b : m.bases()) {
                children.computeIfAbsent(b.key(), k -> new HashSet<>()).add(m.key());
            }
        }
        // each outside base read once: a family's root is the base of thousands of the models settled here
        Map<String, Optional<Ancestry.Above>> read = new HashMap<>();
        Function<String, Ancestry.Above> outside = k -> read.computeIfAbsent(k,
                x -> Optional.ofNullable(stale.contains(x) ? null : pending.holds(x) ? pending.above(x) : above(searcher, x))).orElse(null);
        return Ancestry.settle(affected, outside, k -> children.getOrDefault(k, Set.of()));
    }

    /** The indexed lineage of each of these ids' documents, by model key. */
    private static Map<String, List<Entry>> entries(IndexSearcher searcher, Set<String> ids) throws IOException {
        Map<String, List<Entry>> out = new HashMap<>();
        each(searcher, byIds(ids), leaf -> doc -> {
            String key = leaf.key(doc);
            if (key != null) {
                out.put(key, leaf.entries(doc));
            }
        });
        return out;
    }

    /** Each id's indexed document as its lineage saw it. */
    private static Map<String, Indexed> indexed(IndexSearcher searcher, Set<String> ids) throws IOException {
        Map<String, Indexed> out = new HashMap<>();
        if (!ids.isEmpty()) {
            each(searcher, byIds(ids), leaf -> doc -> out.put(leaf.id(doc), leaf.indexed(doc)));
        }
        return out;
    }

    private static Query byIds(Set<String> ids) {
        return new TermInSetQuery(RepoDocuments.ID, ids.stream().map(BytesRef::new).toList());
    }

    /**
     * What hangs below changed models: every model below {@code roots} at any depth, then every child of
     * {@code parents} (as {@link #below}); false once {@code out} holds more than {@code limit}.
     */
    private static boolean hanging(IndexSearcher searcher, Set<String> roots, Set<String> parents, Set<String> found, Map<String, Model> out,
            int limit) throws IOException {
        return below(searcher, roots, found, Integer.MAX_VALUE, out, limit) && below(searcher, parents, found, 1, out, limit);
    }

    /**
     * Every model below {@code roots} through any model (their bases named by key), at most {@code levels} down, that
     * is not in {@code found}, into {@code out} by id as its document has it (those ids are added to {@code found});
     * false, with the walk stopped, once {@code out} holds more than {@code limit}.
     */
    private static boolean below(IndexSearcher searcher, Set<String> roots, Set<String> found, int levels, Map<String, Model> out, int limit)
            throws IOException {
        Set<String> seenKeys = new HashSet<>(roots);
        Set<String> level = roots;
        for (int l = 0; l < levels && !level.isEmpty(); l++) {
            if (out.size() > limit) {
                return false;
            }
            Set<String> next = new HashSet<>();
            each(searcher, FamilyWalk.and(FamilyWalk.models(), new TermInSetQuery(LineageFields.BASE, level.stream().map(BytesRef::new).toList())),
                    leaf -> doc -> {
                        if (out.size() > limit) {
                            return; // over the limit: the rest of this level's matches are skipped, not read
                        }
                        String id = leaf.id(doc);
                        Indexed i = leaf.indexed(doc);
                        if (found.add(id)) {
                            out.put(id, Model.of(i.key(), i.isPublic(), i.lineage().stream().map(Base::decode).toList(), i.side()));
                        }
                        if (seenKeys.add(i.key())) {
                            next.add(i.key());
                        }
                    });
            level = next;
        }
        return out.size() <= limit;
    }

    /**
     * The rows of {@code planned} models as SQL has them now, those whose lineage is still the one planned: a row
     * changed since has a change-log entry of its own, which re-puts it (and what its change moves) when applied.
     */
    static List<IndexRow> fresh(Map<String, Model> planned, Function<List<String>, List<IndexRow>> read) {
        List<String> ids = List.copyOf(planned.keySet());
        List<IndexRow> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += READ_BATCH) {
            for (IndexRow row : read.apply(ids.subList(i, Math.min(ids.size(), i + READ_BATCH)))) {
                if (planned.get(row.repo().id()).equals(Ancestry.model(row.repo()))) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** A public model as its children's lineages read it from the index, or null when {@code key} is not a public model here. */
    private static Ancestry.Above above(IndexSearcher searcher, String key) {
        Ancestry.Above[] found = {null};
        try {
            each(searcher, FamilyWalk.and(FamilyWalk.and(FamilyWalk.models(), Visible.PUBLIC), new TermQuery(new Term(RepoDocuments.NAME, key))),
                    leaf -> doc -> found[0] = new Ancestry.Above(leaf.entries(doc), leaf.side(doc)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found[0];
    }

    /**
     * One segment's fields that lineages read, opened once per segment (not per document: at 270,000 documents a
     * family's walk spent most of its time opening doc values); documents are read in increasing order, each field once.
     */
    private static final class Leaf {
        private final SortedDocValues id;
        private final SortedDocValues key;
        private final SortedSetDocValues lineage;
        private final SortedSetDocValues entries;
        private final SortedDocValues licence;
        private final SortedSetDocValues languages;
        /** Null when the segment holds no private document. */
        private final DocIdSetIterator privateDocs;

        Leaf(LeafReaderContext leaf, Weight priv) throws IOException {
            LeafReader r = leaf.reader();
            id = DocValues.getSorted(r, RepoDocuments.ID);
            key = DocValues.getSorted(r, RepoDocuments.NAME_SORT);
            lineage = DocValues.getSortedSet(r, LineageFields.LINEAGE);
            entries = DocValues.getSortedSet(r, Ancestry.ENTRIES);
            licence = DocValues.getSorted(r, LineageFields.LICENSE);
            languages = DocValues.getSortedSet(r, LineageFields.LANGUAGES);
            Scorer s = priv.scorer(leaf);
            privateDocs = s == null ? null : s.iterator();
        }

        String id(int doc) throws IOException {
            return string(id, doc);
        }

        String key(int doc) throws IOException {
            return string(key, doc);
        }

        /** The document's indexed lineage entries ({@link Ancestry#ENTRIES}). */
        List<Entry> entries(int doc) throws IOException {
            List<Entry> out = new ArrayList<>();
            strings(entries, doc).forEach(e -> out.add(Entry.decode(e)));
            return out;
        }

        /** The document's side of a drift edge, as {@link LineageFields#side} made it. */
        DriftEdge.Side side(int doc) throws IOException {
            return DriftEdge.Side.of(string(licence, doc), strings(languages, doc));
        }

        Indexed indexed(int doc) throws IOException {
            boolean isPrivate = false;
            if (privateDocs != null) {
                if (privateDocs.docID() < doc) {
                    privateDocs.advance(doc);
                }
                isPrivate = privateDocs.docID() == doc;
            }
            String k = key(doc);
            return new Indexed(k == null ? "" : k, !isPrivate, new TreeSet<>(strings(lineage, doc)), side(doc));
        }
    }

    private interface Each {
        LiveScan.Doc open(Leaf leaf) throws IOException;
    }

    /** Every live document matching {@code query}, in document order per segment. */
    private static void each(IndexSearcher searcher, Query query, Each each) throws IOException {
        Weight priv = searcher.createWeight(searcher.rewrite(PRIVATE), ScoreMode.COMPLETE_NO_SCORES, 1f);
        LiveScan.matches(searcher, query, leaf -> each.open(new Leaf(leaf, priv)));
    }

}
