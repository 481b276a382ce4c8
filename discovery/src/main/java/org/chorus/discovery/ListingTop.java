package org.chorus.discovery;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;

/**
 * The first {@code n} matches of a listing sorted by a number with the id as tie-break ({@link Queries#sort}).
 * Lucene skips the documents that cannot make the page only by the first sort key, and only those worse than the
 * page's last value: documents tied with it are compared by id one by one. So when most matches tie — a hub where
 * fewer than a page of models were downloaded this week, listed by trending (every other score is 0) — a sorted search
 * compares every match: 1,763,471 of 1.8M documents collected, against 4,031 for the number alone. Instead: the page
 * by the number alone (ties skipped), then the matches strictly better than its last value (fewer than a page) in the
 * full order, then the ties at that value by id alone, a sort Lucene also prunes (by the id's terms: 8,205 collected).
 */
final class ListingTop {
    private ListingTop() {}

    /** Every sort key is on every document ({@code RepoDocuments.sortable}), so a value is never "missing". */
    static ScoreDoc[] top(IndexSearcher searcher, Query matching, int n, Sort sort) throws IOException {
        SortField[] keys = sort.getSort();
        SortField primary = keys[0];
        if (primary.getType() != SortField.Type.LONG || keys.length != 2) {
            return searcher.search(matching, n, sort).scoreDocs;
        }
        ScoreDoc[] byNumber = searcher.search(matching, n, new Sort(primary)).scoreDocs;
        if (byNumber.length < n) {
            return searcher.search(matching, n, sort).scoreDocs; // fewer matches than a page: nothing to skip
        }
        String field = primary.getField();
        long last = (Long) ((FieldDoc) byNumber[n - 1]).fields[0];
        boolean descending = primary.getReverse();
        ScoreDoc[] better = new ScoreDoc[0];
        if (last != (descending ? Long.MAX_VALUE : Long.MIN_VALUE)) {
            Query range = descending ? LongPoint.newRangeQuery(field, last + 1, Long.MAX_VALUE) : LongPoint.newRangeQuery(field, Long.MIN_VALUE, last - 1);
            better = searcher.search(and(matching, range), n, sort).scoreDocs;
        }
        ScoreDoc[] tied = searcher.search(and(matching, LongPoint.newExactQuery(field, last)), n - better.length, new Sort(keys[1])).scoreDocs;
        ScoreDoc[] out = Arrays.copyOf(better, better.length + tied.length);
        System.arraycopy(tied, 0, out, better.length, tied.length);
        return out;
    }

    private static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }
}
