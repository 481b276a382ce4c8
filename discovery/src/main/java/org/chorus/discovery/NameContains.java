package org.chorus.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreScorer;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The repositories whose lower-case id contains a text (the Hub's {@code search} rule). A wildcard {@code *text*} over
 * the ids reads every id in the terms dictionary (at 1.8M models, two thirds of a full-text page's CPU); instead each
 * id is indexed as its character 3-grams ({@link RepoDocuments#NAME_GRAMS}), the documents holding every 3-gram of
 * the text are found from the postings, and each of those is checked against its id in doc values
 * ({@link RepoDocuments#NAME_SORT}), so the answer is exactly the substring match. Texts shorter than a 3-gram keep
 * the wildcard.
 */
final class NameContains extends Query {
    static final int GRAM = 3;

    private final String text;
    private final byte[] needle;
    private final Query grams;

    private NameContains(String text) {
        this.text = text;
        this.needle = text.getBytes(StandardCharsets.UTF_8);
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        grams(text).forEach(g -> all.add(new TermQuery(new Term(RepoDocuments.NAME_GRAMS, g)), Occur.FILTER));
        this.grams = all.build();
    }

    /** The query for ids containing {@code lowerText} (already lower-case, taken literally). */
    static Query of(String lowerText) {
        return lowerText.length() < GRAM ? new WildcardQuery(new Term(RepoDocuments.NAME, "*" + escapeWildcard(lowerText) + "*"))
                : new NameContains(lowerText);
    }

    /** The distinct 3-grams of a string, by UTF-16 unit: every 3-gram of a substring is one of the string's. */
    static Set<String> grams(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + GRAM <= s.length(); i++) {
            out.add(s.substring(i, i + GRAM));
        }
        return out;
    }

    /** {@code *}, {@code ?} and the escape character itself match only themselves. */
    private static String escapeWildcard(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight candidates = searcher.createWeight(searcher.rewrite(grams), ScoreMode.COMPLETE_NO_SCORES, 1f);
        return new ConstantScoreWeight(this, boost) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext leaf) throws IOException {
                ScorerSupplier inner = candidates.scorerSupplier(leaf);
                if (inner == null) {
                    return null;
                }
                SortedDocValues ids = DocValues.getSorted(leaf.reader(), RepoDocuments.NAME_SORT);
                float score = score();
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        DocIdSetIterator approximation = inner.get(leadCost).iterator();
                        return new ConstantScoreScorer(score, scoreMode, new TwoPhaseIterator(approximation) {
                            @Override
                            public boolean matches() throws IOException {
                                return ids.advanceExact(approximation.docID()) && contains(ids.lookupOrd(ids.ordValue()), needle);
                            }

                            @Override
                            public float matchCost() {
                                return 100; // an ordinal lookup and a byte scan of the id
                            }
                        });
                    }

                    @Override
                    public long cost() {
                        return inner.cost();
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext leaf) {
                return DocValues.isCacheable(leaf, RepoDocuments.NAME_SORT);
            }
        };
    }

    static boolean contains(BytesRef haystack, byte[] needle) {
        int last = haystack.offset + haystack.length - needle.length;
        outer:
        for (int i = haystack.offset; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void visit(QueryVisitor visitor) {
        grams.visit(visitor.getSubVisitor(Occur.FILTER, this));
    }

    @Override
    public String toString(String field) {
        return "NameContains(" + text + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && text.equals(((NameContains) other).text);
    }

    @Override
    public int hashCode() {
        return 31 * classHash() + text.hashCode();
    }
}
