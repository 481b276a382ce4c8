package org.chorus.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Which chunks hold bytes {@code [start, end)} of a file: per overlapping term, the run of chunks that covers the
 * range (whole chunks before or after it are left out), and how many bytes of the first run precede {@code start}.
 * Shared by streaming reads and by the Xet reconstruction answer, so both always agree.
 */
record RangePlan(long offsetIntoFirst, List<Span> spans) {
    /** Chunks {@code [from, to)} of one xorb, holding {@code rawBytes} bytes. */
    record Span(XorbLayout layout, int from, int to, long rawBytes) {}

    static RangePlan of(DefaultChunkStore store, FileRecord file, long start, long end) {
        List<Span> spans = new ArrayList<>();
        long offset = 0;
        long intoFirst = 0;
        for (Term t : file.terms()) {
            if (offset + t.rawBytes() <= start || offset >= end) {
                offset += t.rawBytes();
                continue;
            }
            XorbLayout layout = store.layout(t.xorb());
            int from = t.chunkStart();
            while (offset + layout.rawSize(from) <= start) {
                offset += layout.rawSize(from++);
            }
            if (spans.isEmpty()) {
                intoFirst = start - offset;
            }
            int to = from;
            long bytes = 0;
            while (to < t.chunkEnd() && offset + bytes < end) {
                bytes += layout.rawSize(to++);
            }
            spans.add(new Span(layout, from, to, bytes));
            offset += layout.rawBytes(from, t.chunkEnd());
        }
        return new RangePlan(intoFirst, spans);
    }
}
