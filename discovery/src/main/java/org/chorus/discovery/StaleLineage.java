package org.chorus.discovery;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The documents of a view whose indexed lineage may still pass through a model that is no longer a public model here
 * (made private, renamed, deleted) while the change follower re-puts the models below it slice by slice
 * ({@link PendingReputs#withdrawn}): those carrying an {@link Ancestry#ANCESTOR} term of such a model — every model a
 * lineage reaches through it carries one, as it was reachable from it through public models. Public family and drift
 * answers leave them out, so they never name such a model nor count what hangs below it; a left-out model counts
 * again once its document is re-put with its settled lineage.
 */
final class StaleLineage {
    static final StaleLineage NONE = new StaleLineage(null, Map.of());

    /** Null when nothing is stale. */
    private final Query stale;
    /** By leaf ordinal: that segment's stale documents (absent: none). */
    private final Map<Integer, FixedBitSet> perLeaf;

    private StaleLineage(Query stale, Map<Integer, FixedBitSet> perLeaf) {
        this.stale = stale;
        this.perLeaf = perLeaf;
    }

    /** The documents of {@code searcher} whose lineage names one of {@code withdrawn}. */
    static StaleLineage of(IndexSearcher searcher, Set<String> withdrawn) throws IOException {
        if (withdrawn.isEmpty()) {
            return NONE;
        }
        Query stale = new TermInSetQuery(Ancestry.ANCESTOR, withdrawn.stream().map(BytesRef::new).toList());
        Map<Integer, FixedBitSet> perLeaf = new HashMap<>();
        LiveScan.matches(searcher, stale, leaf -> doc -> perLeaf.computeIfAbsent(leaf.ord, o -> new FixedBitSet(leaf.reader().maxDoc())).set(doc));
        return new StaleLineage(stale, perLeaf);
    }

    /** {@code query} without the stale documents. */
    Query without(Query query) {
        return stale == null ? query : new BooleanQuery.Builder().add(query, Occur.FILTER).add(stale, Occur.MUST_NOT).build();
    }

    /** The segment's live documents that are not stale (null: every document). */
    Bits live(LeafReaderContext leaf) {
        Bits live = leaf.reader().getLiveDocs();
        FixedBitSet out = perLeaf.get(leaf.ord);
        if (out == null) {
            return live;
        }
        return new Bits() {
            @Override
            public boolean get(int doc) {
                return (live == null || live.get(doc)) && !out.get(doc);
            }

            @Override
            public int length() {
                return out.length();
            }
        };
    }
}
