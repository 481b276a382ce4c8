package org.chorus.storage;

import java.util.List;

/**
 * How to rebuild bytes {@code [start, end)} of a file from xorbs (what the Xet reconstruction API returns): decode the
 * terms' chunks in order, skip {@code offsetIntoFirstTerm} bytes, keep {@code end - start} bytes.
 */
public record Reconstruction(FileHash file, long start, long end, long offsetIntoFirstTerm, List<Fetch> terms) {
    public Reconstruction {
        terms = List.copyOf(terms);
    }

    /** One term with the serialized byte range {@code [xorbByteStart, xorbByteEnd)} that holds its chunks. */
    public record Fetch(XorbHash xorb, int chunkStart, int chunkEnd, long rawBytes, long xorbByteStart, long xorbByteEnd) {}
}
