package org.chorus.discovery;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

/**
 * A GROUP BY over the index's doc values: per value of one column (sorted or sorted-set doc values; a document with
 * several values counts once under each), how many matching documents have it and the sums of their downloads and
 * likes. One pass over the matching documents, summed in arrays indexed by the segment's ordinals, so the cost is
 * a few doc-value reads per document and no object per document.
 */
final class Grouping {
    /** Matching documents with a value, and their downloads and likes. */
    record Sums(long count, long downloads, long likes) {
        Sums plus(Sums o) {
            return new Sums(count + o.count, downloads + o.downloads, likes + o.likes);
        }
    }

    private Grouping() {}

    static Map<String, Sums> by(IndexSearcher searcher, Query query, String column) throws IOException {
        return searcher.search(query, new CollectorManager<ByValue, Map<String, Sums>>() {
            @Override
            public ByValue newCollector() {
                return new ByValue(column);
            }

            @Override
            public Map<String, Sums> reduce(Collection<ByValue> collectors) {
                Map<String, Sums> all = new HashMap<>();
                collectors.forEach(c -> c.sums.forEach((k, v) -> all.merge(k, v, Sums::plus)));
                return all;
            }
        });
    }

    private static final class ByValue implements Collector {
        private final String column;
        final Map<String, Sums> sums = new HashMap<>();

        ByValue(String column) {
            this.column = column;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedSetDocValues values = DocValues.getSortedSet(context.reader(), column);
            NumericDocValues downloads = DocValues.getNumeric(context.reader(), RepoDocuments.DOWNLOADS);
            NumericDocValues likes = DocValues.getNumeric(context.reader(), RepoDocuments.LIKES);
            int n = (int) values.getValueCount();
            long[] count = new long[n];
            long[] downloadSums = new long[n];
            long[] likeSums = new long[n];
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {}

                @Override
                public void collect(int doc) throws IOException {
                    if (!values.advanceExact(doc)) {
                        return;
                    }
                    long d = downloads.advanceExact(doc) ? downloads.longValue() : 0;
                    long l = likes.advanceExact(doc) ? likes.longValue() : 0;
                    for (int i = values.docValueCount(); i > 0; i--) {
                        int ord = (int) values.nextOrd();
                        count[ord]++;
                        downloadSums[ord] += d;
                        likeSums[ord] += l;
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int ord = 0; ord < n; ord++) {
                        if (count[ord] > 0) {
                            sums.merge(values.lookupOrd(ord).utf8ToString(), new Sums(count[ord], downloadSums[ord], likeSums[ord]), Sums::plus);
                        }
                    }
                }
            };
        }
    }
}
