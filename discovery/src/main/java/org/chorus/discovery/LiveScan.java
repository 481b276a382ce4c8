package org.chorus.discovery;

import java.io.IOException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * The lineage code's own passes over the index, segment by segment in document order, so that each segment's doc
 * values are read forward beside its documents: the live documents matching a query, and the terms of a field under
 * a prefix. A scorer or a postings list also holds deleted documents; these passes leave them out.
 */
final class LiveScan {
    private LiveScan() {}

    /** What reads one segment's documents. */
    interface Segment {
        Doc open(LeafReaderContext leaf) throws IOException;
    }

    interface Doc {
        void accept(int doc) throws IOException;
    }

    /** What reads one term of one segment: the term's rest after the prefix, and its enumeration positioned on it. */
    interface Term {
        void accept(LeafReaderContext leaf, Bits live, BytesRef rest, TermsEnum term) throws IOException;
    }

    /** Every live document matching {@code query}. */
    static void matches(IndexSearcher searcher, Query query, Segment segment) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            Doc each = segment.open(leaf);
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live == null || live.get(doc)) {
                    each.accept(doc);
                }
            }
        }
    }

    /**
     * Each term of {@code field} starting with {@code prefix}, segment by segment, with the documents to count in
     * that segment: its live ones that {@code stale} does not leave out ({@code live} null: all of them).
     */
    static void termsUnder(IndexSearcher searcher, StaleLineage stale, String field, String prefix, Term each) throws IOException {
        BytesRef start = new BytesRef(prefix);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (te.seekCeil(start) == TermsEnum.SeekStatus.END) {
                continue;
            }
            Bits live = stale.live(leaf);
            for (BytesRef t = te.term(); t != null && StringHelper.startsWith(t, start); t = te.next()) {
                each.accept(leaf, live, new BytesRef(t.bytes, t.offset + start.length, t.length - start.length), te);
            }
        }
    }

    /**
     * How many documents hold exactly {@code term} of {@code field}: the live ones that {@code stale} does not leave
     * out. One seek per segment (a prefix scan would also read every longer term starting with it).
     */
    static long count(IndexSearcher searcher, StaleLineage stale, String field, String term) throws IOException {
        BytesRef exact = new BytesRef(term);
        long n = 0;
        PostingsEnum[] reuse = {null};
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(field);
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (!te.seekExact(exact)) {
                continue;
            }
            n += liveCount(te, stale.live(leaf), reuse);
        }
        return n;
    }

    /**
     * How many documents the term {@code te} is on are in {@code live} (null: all, the term's frequency);
     * {@code reuse[0]} as {@link TermsEnum#postings}, kept for the next call.
     */
    static long liveCount(TermsEnum te, Bits live, PostingsEnum[] reuse) throws IOException {
        if (live == null) {
            return te.docFreq();
        }
        long[] n = {0};
        reuse[0] = liveDocs(te, reuse[0], live, doc -> n[0]++);
        return n[0];
    }

    /** The live documents of the term {@code te} is on; {@code reuse} as {@link TermsEnum#postings}. */
    static PostingsEnum liveDocs(TermsEnum te, PostingsEnum reuse, Bits live, Doc each) throws IOException {
        PostingsEnum postings = te.postings(reuse, PostingsEnum.NONE);
        for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
            if (live == null || live.get(doc)) {
                each.accept(doc);
            }
        }
        return postings;
    }
}
