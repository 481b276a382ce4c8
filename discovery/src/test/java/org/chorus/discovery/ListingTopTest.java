package org.chorus.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/** The listing's page found in three pruned searches against one sorted search over every match (Lucene's own order). */
class ListingTopTest {
    @Test
    void givesTheSamePageAsOneSortedSearchWhateverTheTies() throws Exception {
        Random random = new Random(11);
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int i = 0; i < 20_000; i++) {
                    Document d = new Document();
                    String id = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
                    d.add(new StringField("id", id, Field.Store.NO));
                    d.add(new SortedDocValuesField("id", new BytesRef(id)));
                    // mostly zeros (the case that made every match a comparison by id), a few small values, extremes
                    long few = random.nextInt(100) < 97 ? 0 : random.nextInt(4);
                    long spread = switch (random.nextInt(50)) {
                        case 0 -> Long.MAX_VALUE;
                        case 1 -> Long.MIN_VALUE;
                        default -> random.nextInt(1_000) - 500;
                    };
                    number(d, "few", few);
                    number(d, "spread", spread);
                    d.add(new StringField("group", Integer.toString(random.nextInt(7)), Field.Store.NO));
                    w.addDocument(d);
                    if (i % 6_000 == 0) {
                        w.commit();
                    }
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                int compared = 0;
                for (Query q : new Query[] {new MatchAllDocsQuery(), new TermQuery(new Term("group", "3")), new TermQuery(new Term("group", "none"))}) {
                    for (String field : new String[] {"few", "spread"}) {
                        for (boolean reverse : new boolean[] {true, false}) {
                            Sort sort = new Sort(new SortField(field, SortField.Type.LONG, reverse), new SortField("id", SortField.Type.STRING, reverse));
                            for (int n : new int[] {1, 31, 301, 5_000, 30_000}) {
                                int[] expected = docs(searcher.search(q, n, sort).scoreDocs);
                                assertThat(docs(ListingTop.top(searcher, q, n, sort))).as("%s %s %s %d", q, field, reverse, n).containsExactly(expected);
                                compared += expected.length;
                            }
                        }
                    }
                }
                assertThat(compared).isGreaterThan(100_000);
            }
        }
    }

    private static void number(Document d, String field, long value) {
        d.add(new NumericDocValuesField(field, value));
        d.add(new LongPoint(field, value));
    }

    private static int[] docs(ScoreDoc[] hits) {
        return Arrays.stream(hits).mapToInt(h -> h.doc).toArray();
    }
}
