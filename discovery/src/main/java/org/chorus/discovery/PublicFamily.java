package org.chorus.discovery;

import static org.chorus.discovery.DocValueStrings.string;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.chorus.discovery.Ancestry.Entry;
import org.chorus.discovery.FamilyWalk.Reached;
import org.chorus.discovery.Lineages.Family;
import org.chorus.discovery.Lineages.Generation;
import org.chorus.discovery.Lineages.Member;
import org.chorus.discovery.Lineages.Node;
import org.chorus.hub.repos.FamilyTree;

/**
 * A public model's family for a caller who may read no private model, read from the {@link Ancestry} terms its
 * members carry instead of walking it: the generations are counts of terms, the top members sorted searches (sort keys
 * are points), the drawn tree the children of each drawn node and their own descendants' counts. Only public models
 * carry these terms, so a count over the live documents holding one is a count over what the caller may read; the
 * answer is the family walk's ({@link IndexLineages#family(List, List)}), which callers who may read private models
 * still get. While the models below one that stopped being public are re-put, their stale lineages are left out
 * ({@link StaleLineage}) and a drawn node that is no public model here is dropped.
 */
final class PublicFamily {
    private static final Query PRIVATE = new TermQuery(new Term(RepoDocuments.PRIVATE, RepoDocuments.YES));
    private static final char SEP = Ancestry.SEP;

    private final IndexSearcher searcher;
    private final StaleLineage stale;
    private final Query scope;
    private final String root;
    private final Map<String, Info> infos = new HashMap<>();

    /** A member as drawn or listed: {@code entry} its lineage under the root (null for the root). */
    private record Info(String key, String id, long downloads, long likes, Entry entry) {}

    private PublicFamily(IndexSearcher searcher, StaleLineage stale, Query scope, String root) {
        this.searcher = searcher;
        this.stale = stale;
        this.scope = scope;
        this.root = root;
    }

    /** Whether a caller whose read rule is {@code visible} (null: everything) may read no private model here. */
    static boolean serves(IndexSearcher searcher, Query visible) throws IOException {
        Query privateModels = FamilyWalk.and(FamilyWalk.models(), PRIVATE);
        return searcher.count(visible == null ? privateModels : FamilyWalk.and(privateModels, visible)) == 0;
    }

    /**
     * The family below {@code root} (readable), with its {@code ancestors} as the walk found them, leaving out the
     * members whose lineage is {@code stale}.
     */
    static Family of(IndexSearcher searcher, StaleLineage stale, Query scope, Reached root, List<FamilyTree.Edge> ancestors) throws IOException {
        return new PublicFamily(searcher, stale, scope, root.key()).family(root, ancestors);
    }

    private Family family(Reached top, List<FamilyTree.Edge> ancestors) throws IOException {
        Map<Integer, Map<String, Long>> byGeneration = new TreeMap<>();
        counts(Ancestry.GENERATION, root + SEP).forEach((rest, n) -> {
            int at = rest.indexOf(SEP);
            byGeneration.computeIfAbsent(Integer.parseInt(rest.substring(0, at)), g -> relations()).merge(rest.substring(at + 1), n, Long::sum);
        });
        int depth = byGeneration.isEmpty() ? 0 : ((TreeMap<Integer, Map<String, Long>>) byGeneration).lastKey();
        List<Generation> generations = new ArrayList<>();
        long descendants = 0;
        for (int g = 1; g <= depth; g++) {
            Map<String, Long> relations = byGeneration.getOrDefault(g, relations());
            long models = relations.values().stream().mapToLong(Long::longValue).sum();
            descendants += models;
            generations.add(new Generation(g, models, relations));
        }
        Info self = new Info(root, top.id(), top.downloads(), top.likes(), null);
        infos.put(root, self);
        return new Family(top.id(), ancestors, descendants, depth, generations, top(RepoDocuments.DOWNLOADS), top(RepoDocuments.LIKES),
                drawn(self, descendants));
    }

    private static Map<String, Long> relations() {
        Map<String, Long> m = new TreeMap<>();
        LineageFields.RELATIONS.forEach(r -> m.put(r, 0L));
        return m;
    }

    /** The members with the most of {@code field} (ties by key), as {@link IndexLineages}' top lists. */
    private List<Member> top(String field) throws IOException {
        Sort sort = new Sort(new SortField(field, SortField.Type.LONG, true), new SortField(RepoDocuments.NAME_SORT, SortField.Type.STRING));
        List<Member> out = new ArrayList<>();
        for (Info i : sorted(stale.without(new TermQuery(new Term(Ancestry.ANCESTOR, root))), Lineages.TOP, sort)) {
            Info parent = info(i.entry().parent());
            if (parent != null) {
                out.add(new Member(i.id(), parent.id(), i.entry().relation(), i.entry().generation(), i.downloads(), i.likes()));
            }
        }
        return out;
    }

    /** The drawn tree, breadth first: each node's children with the most descendants first, within the budgets. */
    private Node drawn(Info self, long descendants) throws IOException {
        Map<String, List<Info>> shown = new LinkedHashMap<>();
        Map<String, Long> below = new HashMap<>(Map.of(root, descendants));
        Map<String, Long> hidden = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(root));
        int budget = Lineages.SHOWN_NODES - 1;
        while (!queue.isEmpty()) {
            String at = queue.poll();
            int k = Math.min(Lineages.SHOWN_CHILDREN, budget);
            List<Info> kids = k == 0 ? List.of() : children(at, k, below);
            budget -= kids.size();
            kids.forEach(i -> queue.add(i.key()));
            shown.put(at, kids);
            hidden.put(at, count(Ancestry.PARENT, root + SEP + at) - kids.size());
        }
        return node(self, shown, below, hidden);
    }

    /**
     * The first {@code k} children of {@code at} by (descendants, downloads, key): those with descendants are the
     * {@link Ancestry#UNDER} terms below {@code at}, each counting them; the others are found by a sorted search.
     */
    private List<Info> children(String at, int k, Map<String, Long> below) throws IOException {
        Map<String, Long> internal = new HashMap<>();
        counts(Ancestry.UNDER, root + SEP + at + SEP).forEach(internal::put);
        List<Long> sizes = internal.values().stream().sorted(Comparator.reverseOrder()).toList();
        List<Info> out = new ArrayList<>();
        Sort byDownloads = new Sort(new SortField(RepoDocuments.DOWNLOADS, SortField.Type.LONG, true), new SortField(RepoDocuments.NAME_SORT, SortField.Type.STRING));
        if (!sizes.isEmpty()) {
            long cut = sizes.get(Math.min(k, sizes.size()) - 1);
            List<String> above = internal.entrySet().stream().filter(e -> e.getValue() > cut).map(Map.Entry::getKey).toList();
            List<String> tied = internal.entrySet().stream().filter(e -> e.getValue() == cut).map(Map.Entry::getKey).toList();
            for (String key : above) {
                Info i = info(key);
                if (i != null) {
                    out.add(i);
                }
            }
            out.addAll(sorted(new TermInSetQuery(RepoDocuments.NAME, tied.stream().map(BytesRef::new).toList()), k - above.size(), byDownloads));
        }
        if (out.size() < k) {
            for (Info leaf : sorted(stale.without(new TermQuery(new Term(Ancestry.PARENT, root + SEP + at))), k + internal.size(), byDownloads)) {
                if (!internal.containsKey(leaf.key()) && out.size() < k) {
                    out.add(leaf);
                }
            }
        }
        out.forEach(i -> below.put(i.key(), internal.getOrDefault(i.key(), 0L)));
        out.sort(Comparator.comparingLong((Info i) -> -below.get(i.key())).thenComparingLong(i -> -i.downloads()).thenComparing(Info::key));
        return out;
    }

    private Node node(Info i, Map<String, List<Info>> shown, Map<String, Long> below, Map<String, Long> hidden) {
        List<Info> kids = shown.getOrDefault(i.key(), List.of());
        return new Node(i.id(), i.entry() == null ? null : i.entry().relation(), i.downloads(), i.likes(), below.get(i.key()),
                kids.stream().map(c -> node(c, shown, below, hidden)).toList(), hidden.getOrDefault(i.key(), 0L).intValue());
    }

    /**
     * The member with this key, or null when it is not a public model here: a lineage still being re-put may name a
     * model that has just stopped being one, and an answer drops it rather than name it.
     */
    private Info info(String key) throws IOException {
        Info known = infos.get(key);
        if (known == null) {
            List<Info> found = sorted(new TermQuery(new Term(RepoDocuments.NAME, key)), 1, Sort.INDEXORDER);
            known = found.isEmpty() ? null : found.getFirst();
        }
        return known;
    }

    /**
     * The first {@code n} models in scope matching {@code query} in {@code sort}'s order, read with their entry under the
     * root; a query by lineage terms leaves the stale documents out itself ({@link StaleLineage#without}).
     */
    private List<Info> sorted(Query query, int n, Sort sort) throws IOException {
        List<Info> out = new ArrayList<>();
        if (n <= 0) {
            return out;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc hit : searcher.search(FamilyWalk.and(scope, query), n, sort).scoreDocs) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
            Info i = read(leaf, hit.doc - leaf.docBase);
            infos.putIfAbsent(i.key(), i);
            out.add(i);
        }
        return out;
    }

    private Info read(LeafReaderContext leaf, int doc) throws IOException {
        SortedDocValues id = DocValues.getSorted(leaf.reader(), LineageFields.FULL_NAME);
        SortedDocValues key = DocValues.getSorted(leaf.reader(), RepoDocuments.NAME_SORT);
        NumericDocValues downloads = DocValues.getNumeric(leaf.reader(), RepoDocuments.DOWNLOADS);
        NumericDocValues likes = DocValues.getNumeric(leaf.reader(), RepoDocuments.LIKES);
        SortedSetDocValues entries = DocValues.getSortedSet(leaf.reader(), Ancestry.ENTRIES);
        Entry entry = null;
        if (entries.advanceExact(doc)) {
            BytesRef prefix = new BytesRef(root + SEP);
            for (int j = 0; j < entries.docValueCount(); j++) {
                BytesRef v = entries.lookupOrd(entries.nextOrd());
                if (StringHelper.startsWith(v, prefix)) {
                    entry = Entry.decode(v.utf8ToString());
                    break;
                }
            }
        }
        return new Info(string(key, doc), string(id, doc), downloads.advanceExact(doc) ? downloads.longValue() : 0,
                likes.advanceExact(doc) ? likes.longValue() : 0, entry);
    }


    /** The live documents holding {@code term}. */
    private long count(String field, String term) throws IOException {
        return LiveScan.count(searcher, stale, field, term);
    }

    private Map<String, Long> counts(String field, String prefix) throws IOException {
        return counts(searcher, stale, field, prefix);
    }

    /** For each term of {@code field} starting with {@code prefix}, what follows the prefix → its live documents not {@code stale}. */
    static Map<String, Long> counts(IndexSearcher searcher, StaleLineage stale, String field, String prefix) throws IOException {
        Map<String, Long> out = new HashMap<>();
        PostingsEnum[] reuse = {null};
        LiveScan.termsUnder(searcher, stale, field, prefix, (leaf, live, rest, te) -> {
            long n = LiveScan.liveCount(te, live, reuse);
            if (n > 0) {
                out.merge(rest.utf8ToString(), n, Long::sum);
            }
        });
        return out;
    }
}
