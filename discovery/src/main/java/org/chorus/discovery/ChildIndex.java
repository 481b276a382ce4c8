package org.chorus.discovery;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.BytesRef;

/**
 * One segment's child adjacency: each base key ({@link LineageFields#BASE}) → the segment's documents naming it, built
 * once per segment from its terms and cached by the segment's core key (dropped when the segment closes). A family
 * walk then costs a hash lookup per parent and segment instead of a term seek; deleted and invisible documents are
 * filtered by the walk, as the adjacency is shared by every caller.
 */
final class ChildIndex {
    private static final Map<IndexReader.CacheKey, ChildIndex> CACHE = new ConcurrentHashMap<>();
    private static final int[] NONE = new int[0];

    private final Map<String, int[]> children;

    private ChildIndex(Map<String, int[]> children) {
        this.children = children;
    }

    static ChildIndex of(LeafReader segment) throws IOException {
        IndexReader.CacheHelper helper = segment.getCoreCacheHelper();
        if (helper == null) {
            return build(segment);
        }
        ChildIndex cached = CACHE.get(helper.getKey());
        if (cached == null) {
            cached = build(segment);
            if (CACHE.putIfAbsent(helper.getKey(), cached) == null) {
                helper.addClosedListener(CACHE::remove);
            }
        }
        return cached;
    }

    private static ChildIndex build(LeafReader segment) throws IOException {
        Map<String, int[]> out = new HashMap<>();
        Terms terms = segment.terms(LineageFields.BASE);
        if (terms != null) {
            TermsEnum te = terms.iterator();
            PostingsEnum postings = null;
            int[] buffer = new int[16];
            for (BytesRef term = te.next(); term != null; term = te.next()) {
                postings = te.postings(postings, PostingsEnum.NONE);
                int n = 0;
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    buffer = n == buffer.length ? Arrays.copyOf(buffer, n * 2) : buffer;
                    buffer[n++] = doc;
                }
                out.put(term.utf8ToString(), Arrays.copyOf(buffer, n));
            }
        }
        return new ChildIndex(out);
    }

    /** The segment's documents naming {@code key} as a base, in document order (deleted ones included). */
    int[] children(String key) {
        return children.getOrDefault(key, NONE);
    }
}
