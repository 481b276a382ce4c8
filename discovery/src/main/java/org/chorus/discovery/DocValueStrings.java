package org.chorus.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;

/** A document's string doc values, read by iterators that only move forward (documents in increasing order). */
final class DocValueStrings {
    private DocValueStrings() {}

    /** The document's value, or null when it has none. */
    static String string(SortedDocValues dv, int doc) throws IOException {
        return dv.advanceExact(doc) ? dv.lookupOrd(dv.ordValue()).utf8ToString() : null;
    }

    /** The document's values in ordinal order (none: empty). */
    static List<String> strings(SortedSetDocValues dv, int doc) throws IOException {
        if (!dv.advanceExact(doc)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(dv.docValueCount());
        for (int i = 0; i < dv.docValueCount(); i++) {
            out.add(dv.lookupOrd(dv.nextOrd()).utf8ToString());
        }
        return out;
    }
}
