package org.chorus.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a serialized xorb, decompresses every chunk and recomputes every hash, so a xorb is only accepted (or
 * passes fsck) when its name is the Merkle root of what it really holds. xet-core clients append a footer starting
 * with {@code XETBLOB}; it repeats what the chunks say, so we stop there and keep only the chunk section.
 */
final class XorbParser {
    private static final byte[] FOOTER_IDENT = "XETBLOB".getBytes(StandardCharsets.US_ASCII);

    /** The verified layout, and where the chunk section ends (a client footer may follow). */
    record Parsed(XorbLayout layout, int chunkBytes) {}

    private XorbParser() {}

    static Parsed parse(byte[] xorb, int length, String what) {
        List<ChunkHash> hashes = new ArrayList<>();
        List<Integer> raws = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        byte[] raw = new byte[0];
        int p = 0;
        while (p < length && !isFooter(xorb, p, length)) {
            if (length - p < ChunkCodec.HEADER) {
                throw ChunkCodec.corrupt(what, "truncated chunk header at byte " + p);
            }
            int size = ChunkCodec.rawSize(xorb, p);
            if (raw.length < size) {
                raw = new byte[Math.max(size, raw.length * 2)];
            }
            ChunkCodec.decode(xorb, p, length, raw, 0, what);
            starts.add(p);
            raws.add(size);
            hashes.add(XetHashing.chunkHash(raw, 0, size));
            p += ChunkCodec.HEADER + ChunkCodec.compressedSize(xorb, p);
        }
        if (hashes.isEmpty()) {
            throw ChunkCodec.corrupt(what, "xorb holds no chunks");
        }
        return new Parsed(XorbLayout.of(hashes, raws, starts, p), p);
    }

    private static boolean isFooter(byte[] b, int p, int length) {
        return length - p >= FOOTER_IDENT.length
                && Arrays.equals(b, p, p + FOOTER_IDENT.length, FOOTER_IDENT, 0, FOOTER_IDENT.length);
    }
}
