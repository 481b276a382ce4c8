package org.chorus.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Collects serialized chunks into one xorb up to a byte limit, remembering each chunk's place. */
final class XorbBuilder {
    final int sequence;
    private final int limit;
    private byte[] buf = new byte[1 << 20];
    private int length;
    private final List<ChunkHash> hashes = new ArrayList<>();
    private final List<Integer> rawSizes = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private final Map<ChunkHash, Integer> byHash = new HashMap<>();

    XorbBuilder(int sequence, int limit) {
        this.sequence = sequence;
        this.limit = limit;
    }

    int chunkCount() {
        return hashes.size();
    }

    int indexOf(ChunkHash h) {
        return byHash.getOrDefault(h, -1);
    }

    boolean fits(EncodedChunk c) {
        return length + c.serialized().length <= limit;
    }

    int add(EncodedChunk c) {
        byte[] s = c.serialized();
        if (buf.length < length + s.length) {
            buf = java.util.Arrays.copyOf(buf, Math.min(limit, Math.max(buf.length * 2, length + s.length)));
        }
        System.arraycopy(s, 0, buf, length, s.length);
        starts.add(length);
        length += s.length;
        hashes.add(c.hash());
        rawSizes.add(c.rawSize());
        byHash.putIfAbsent(c.hash(), hashes.size() - 1);
        return hashes.size() - 1;
    }

    byte[] bytes() {
        return java.util.Arrays.copyOf(buf, length);
    }

    XorbLayout layout() {
        return XorbLayout.of(hashes, rawSizes, starts, length);
    }
}
