package org.chorus.discovery;

import java.io.IOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import org.chorus.discovery.FamilyWalk.Reached;
import org.chorus.discovery.Lineages.Drift;

/**
 * A public model's lineage drift for a caller who may read no private model, read from the {@link Ancestry} its
 * members carry instead of walking the family: the edges are counts of {@link Ancestry#DRIFT} terms (each member's edge
 * from its parent in the root's tree, coded when indexed), the card lengths one pass over the postings of the root's
 * {@link Ancestry#GENERATION} terms reading {@link LineageFields#CARD_LENGTH}. As {@link PublicFamily}: only public
 * models carry these terms and no lineage passes through a private one, so nothing private is counted or compared
 * against (nor what hangs below one while its descendants are re-put: {@link StaleLineage}); the answer is the walk's ({@link IndexLineages#drift(java.util.List)}), which callers who may read private
 * models still get.
 */
final class PublicDrift {
    private PublicDrift() {}

    /** The drift below {@code root}, a public model read with its drift columns. */
    static Drift of(IndexSearcher searcher, StaleLineage stale, Reached root) throws IOException {
        DriftTally tally = new DriftTally();
        String prefix = root.key() + Ancestry.SEP;
        PublicFamily.counts(searcher, stale, Ancestry.DRIFT, prefix).forEach(tally::edge);
        tally.card(0, root.cardLength());
        PostingsEnum[] reuse = {null};
        LiveScan.termsUnder(searcher, stale, Ancestry.GENERATION, prefix, (leaf, live, rest, te) -> {
            int generation = generation(rest);
            // a term's documents come in order: one forward pass of the column per term
            NumericDocValues lengths = DocValues.getNumeric(leaf.reader(), LineageFields.CARD_LENGTH);
            reuse[0] = LiveScan.liveDocs(te, reuse[0], live, doc -> tally.card(generation, lengths.advanceExact(doc) ? lengths.longValue() : 0));
        });
        return tally.drift(root.id());
    }

    /** The generation of a {@link Ancestry#generationTerm}, from what follows its root's prefix. */
    private static int generation(BytesRef rest) {
        int g = 0;
        for (int i = rest.offset; i < rest.offset + rest.length && rest.bytes[i] != Ancestry.SEP; i++) {
            g = g * 10 + (rest.bytes[i] - '0');
        }
        return g;
    }
}
