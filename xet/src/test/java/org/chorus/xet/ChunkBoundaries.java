package org.chorus.xet;

import java.util.ArrayList;
import java.util.List;

/** The chunk boundaries of {@code data} as a {@link Chunker} finds them when the bytes arrive {@code piece} at a time. */
public final class ChunkBoundaries {
    private ChunkBoundaries() {}

    public static List<Integer> of(byte[] data, int target, int piece) {
        Chunker chunker = new Chunker(target);
        List<Integer> out = new ArrayList<>();
        for (int pos = 0; pos < data.length; pos += piece) {
            int end = Math.min(data.length, pos + piece);
            int at = pos;
            while (at < end) {
                int b = chunker.next(data, at, end);
                if (b < 0) {
                    break;
                }
                out.add(b);
                at = b;
            }
        }
        if (chunker.pending() > 0) {
            out.add(data.length);
        }
        return out;
    }
}
