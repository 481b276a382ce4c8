package org.chorus.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects serialized chunks into one xorb up to a byte limit, remembering each chunk's place. The bytes go straight
 * into a {@link Draft} of the object store (a temporary file on disk), so a filling xorb costs no heap.
 */
final class XorbBuilder implements AutoCloseable {
    final int sequence;
    private final int limit;
    private final ObjectStore objects;
    /** Opened on the first chunk, so an empty builder costs nothing. */
    private Draft draft;
    private int length;
    private final List<ChunkHash> hashes = new ArrayList<>();
    private final List<Integer> rawSizes = new ArrayList<>();
    private final List<Integer> starts = new ArrayList<>();
    private final Map<ChunkHash, Integer> byHash = new HashMap<>();

    XorbBuilder(int sequence, int limit, ObjectStore objects) {
        this.sequence = sequence;
        this.limit = limit;
        this.objects = objects;
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
        if (draft == null) {
            draft = objects.draft();
        }
        draft.write(s, 0, s.length);
        starts.add(length);
        length += s.length;
        hashes.add(c.hash());
        rawSizes.add(c.rawSize());
        byHash.putIfAbsent(c.hash(), hashes.size() - 1);
        return hashes.size() - 1;
    }

    /** Stores the xorb under its hash unless it is stored already; returns its layout. */
    XorbLayout store() {
        XorbLayout layout = layout();
        String name = DefaultChunkStore.xorbName(layout.hash);
        if (!objects.exists(name)) {
            draft.publish(name);
        } else {
            draft.close();
            // An old, unreferenced copy (say, from an ingest that crashed): mark it so gc spares it.
            objects.put(DefaultChunkStore.touchName(layout.hash), new byte[0]);
        }
        return layout;
    }

    XorbLayout layout() {
        return XorbLayout.of(hashes, rawSizes, starts, length);
    }

    /** Discards what was written unless it was stored. */
    @Override
    public void close() {
        if (draft != null) {
            draft.close();
        }
    }
}
