package org.chorus.semantic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API the hub's index calls, on a four-document index with hand-made vectors. */
class SemanticSearchTest {
    // doc 0: the word "apple", far in meaning; doc 1: no word, nearest in meaning; doc 2: both, but private;
    // doc 3: neither
    static final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    static DirectoryReader reader;
    static IndexSearcher searcher;
    static final TermQuery PUBLIC = new TermQuery(new Term("visibility", "public"));
    static final TermQuery APPLE = new TermQuery(new Term("text", "apple"));
    static final float[] QUERY = axis(0, 1);

    @BeforeAll
    static void index() throws Exception {
        try (var writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
            add(writer, "apple banana", axis(1, 1), "public");
            add(writer, "cherry", axis(0, 1), "public");
            add(writer, "apple", axis(0, 0.9f), "private");
            add(writer, "durian", axis(3, 1), "public");
            writer.forceMerge(1);
        }
        reader = DirectoryReader.open(directory);
        searcher = new IndexSearcher(reader);
    }

    @AfterAll
    static void close() throws Exception {
        reader.close();
    }

    @Test
    void keywordRanksByWordsWithinTheFilter() throws Exception {
        assertThat(docs(SearchMode.KEYWORD, 10)).containsExactly(0);
        assertThat(SemanticSearch.search(searcher, APPLE, QUERY, null, SearchMode.KEYWORD, 10)).extracting(SemanticSearch.Hit::doc).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void semanticRanksByMeaningAndStillFillsTheLimitWithAllowedDocuments() throws Exception {
        assertThat(docs(SearchMode.SEMANTIC, 3)).containsExactly(1, 0, 3).doesNotContain(2);
        assertThat(SemanticSearch.search(searcher, APPLE, QUERY, null, SearchMode.SEMANTIC, 1)).extracting(SemanticSearch.Hit::doc).containsExactly(1);
    }

    @Test
    void hybridFindsWhatEitherRankingFindsButNothingTheFilterRefuses() throws Exception {
        // doc 0 is in both rankings (first by words, second by meaning), so it leads; 1 and 3 only by meaning
        assertThat(docs(SearchMode.HYBRID, 10)).containsExactly(0, 1, 3);
        assertThat(docs(SearchMode.HYBRID, 2)).hasSize(2);
    }

    @Test
    void rejectsVectorsOfTheWrongSizeAndAnEmptyLimit() {
        assertThatThrownBy(() -> SemanticSearch.addVector(new Document(), new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SemanticSearch.search(searcher, APPLE, QUERY, null, SearchMode.HYBRID, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesTheModeParameter() {
        assertThat(SearchMode.parse("Hybrid")).contains(SearchMode.HYBRID);
        assertThat(SearchMode.parse("semantic")).contains(SearchMode.SEMANTIC);
        assertThat(SearchMode.parse("vector")).isEmpty();
        assertThat(SearchMode.parse(null)).isEmpty();
    }

    @Test
    void reciprocalRankFusionMatchesAHandComputedExample() {
        // keyword a, b, c; vector c, a; k = 0: a = 1/1 + 1/2 = 1.5, c = 1/3 + 1/1 = 1.33, b = 1/2
        var words = ranking(10, 11, 12);
        var meaning = ranking(12, 10);
        assertThat(ReciprocalRankFusion.fuse(List.of(words, meaning), new double[] {1, 1}, 0, 10))
                .extracting(SemanticSearch.Hit::doc).containsExactly(10, 12, 11);
        // the vector ranking weighted 3: a = 1 + 3/2 = 2.5, c = 1/3 + 3 = 3.33
        assertThat(ReciprocalRankFusion.fuse(List.of(words, meaning), new double[] {1, 3}, 0, 2))
                .extracting(SemanticSearch.Hit::doc).containsExactly(12, 10);
    }

    @Test
    void scoreBlendMatchesAHandComputedExample() {
        // keyword a 10, b 5; vector b 0.9, c 0.45; each over its best, half and half:
        // a = 0.5·1 = 0.5, b = 0.5·0.5 + 0.5·1 = 0.75, c = 0.5·0.5 = 0.25
        var words = new ScoreDoc[] {new ScoreDoc(10, 10), new ScoreDoc(11, 5)};
        var meaning = new ScoreDoc[] {new ScoreDoc(11, 0.9f), new ScoreDoc(12, 0.45f)};
        assertThat(ScoreBlend.fuse(words, meaning, 0.5, 10)).extracting(SemanticSearch.Hit::doc).containsExactly(11, 10, 12);
        assertThat(ScoreBlend.fuse(words, meaning, 0.5, 10).get(0).score()).isEqualTo(0.75f);
    }

    private static List<Integer> docs(SearchMode mode, int limit) throws Exception {
        return SemanticSearch.search(searcher, APPLE, QUERY, PUBLIC, mode, limit).stream().map(SemanticSearch.Hit::doc).toList();
    }

    private static ScoreDoc[] ranking(int... docs) {
        var out = new ScoreDoc[docs.length];
        for (int i = 0; i < docs.length; i++) out[i] = new ScoreDoc(docs[i], docs.length - i);
        return out;
    }

    private static void add(IndexWriter writer, String text, float[] vector, String visibility) throws Exception {
        var doc = new Document();
        doc.add(new TextField("text", text, Field.Store.NO));
        doc.add(new StringField("visibility", visibility, Field.Store.NO));
        SemanticSearch.addVector(doc, vector);
        writer.addDocument(doc);
    }

    /** A unit vector mostly along one axis, {@code weight} of it, the rest along the last axis. */
    private static float[] axis(int i, float weight) {
        var v = new float[Embedder.DIMENSIONS];
        v[i] = weight;
        v[Embedder.DIMENSIONS - 1] = (float) Math.sqrt(1 - weight * weight);
        return v;
    }
}
