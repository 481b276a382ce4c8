package org.chorus.discovery;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;
import org.chorus.discovery.FamilyWalk.Reached;
import org.chorus.discovery.Lineages.Drift;

/**
 * A public model's lineage drift for a caller who may read no private model, read from the {@link Ancestry} its
 * members carry instead of walking the family: the edges are counts of {@link Ancestry#DRIFT} terms (each member's edge
 * from its parent in the root's tree, coded when indexed), the card lengths one pass over the postings of the root's
 * {@link Ancestry#GENERATION} terms reading {@link LineageFields#CARD_LENGTH}. As {@link PublicFamily}: only public
 * models carry these terms and no lineage passes through a private one, so nothing private is counted or compared
 * against; the answer is the walk's ({@link IndexLineages#drift(java.util.List)}), which callers who may read private
 * models still get.
 */
final class PublicDrift {
    private PublicDrift() {}

    /** The drift below {@code root}, a public model read with its drift columns. */
    static Drift of(IndexSearcher searcher, Reached root) throws IOException {
        DriftTally tally = new DriftTally();
        String prefix = root.key() + Ancestry.SEP;
        PublicFamily.counts(searcher, Ancestry.DRIFT, prefix).forEach(tally::edge);
        tally.card(0, root.cardLength());
        BytesRef start = new BytesRef(prefix);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Terms terms = leaf.reader().terms(Ancestry.GENERATION);
            if (terms == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            TermsEnum te = terms.iterator();
            if (te.seekCeil(start) == TermsEnum.SeekStatus.END) {
                continue;
            }
            PostingsEnum postings = null;
            for (BytesRef t = te.term(); t != null && StringHelper.startsWith(t, start); t = te.next()) {
                int generation = generation(t, start.length);
                // a term's documents come in order: one forward pass of the column per term
                NumericDocValues lengths = DocValues.getNumeric(leaf.reader(), LineageFields.CARD_LENGTH);
                postings = te.postings(postings, PostingsEnum.NONE);
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        tally.card(generation, lengths.advanceExact(doc) ? lengths.longValue() : 0);
                    }
                }
            }
        }
        return tally.drift(root.id());
    }

    /** The generation of a {@link Ancestry#generationTerm} after its root's prefix of {@code from} bytes. */
    private static int generation(BytesRef term, int from) {
        int g = 0;
        for (int i = term.offset + from; i < term.offset + term.length && term.bytes[i] != Ancestry.SEP; i++) {
            g = g * 10 + (term.bytes[i] - '0');
        }
        return g;
    }
}
