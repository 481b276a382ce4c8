package org.chorus.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A client's xorb whose chunks were, at least in part, stored already: not kept as sent, but as where each of its
 * chunks lives ({@code xorb-alias/ab/<hash>}), so that only its new chunks cost disk. A shard naming the client's
 * xorb is translated through it into terms over stored xorbs (see CasOperations), and only shards read it, so gc
 * drops it after the grace period.
 *
 * <p>Encoding: "CHXA" u32 version=1, u32 n, then n × (chunk hash[32], u32 raw size, xorb hash[32], u32 chunk index),
 * little-endian.
 */
record XorbAlias(XorbHash hash, List<Place> chunks) {
    private static final byte[] MAGIC = "CHXA".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY = 72;

    /** One chunk of the client's xorb and where it is stored. */
    record Place(ChunkHash chunk, int rawSize, XorbHash xorb, int index) {}

    /** The client xorb's chunks as a layout for hashing and size checks only: it has no bytes of its own. */
    XorbLayout hashesOnly() {
        int n = chunks.size();
        ChunkHash[] hashes = new ChunkHash[n];
        int[] raw = new int[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = chunks.get(i).chunk();
            raw[i] = chunks.get(i).rawSize();
        }
        return new XorbLayout(hash, hashes, raw, new int[n + 1]);
    }

    /** Chunks {@code [from, to)} as runs of consecutive chunks of stored xorbs. */
    List<Term> terms(int from, int to) {
        List<Term> out = new ArrayList<>();
        for (int i = from; i < to; ) {
            Place p = chunks.get(i);
            int j = i + 1;
            long raw = p.rawSize();
            while (j < to && chunks.get(j).xorb().equals(p.xorb()) && chunks.get(j).index() == p.index() + (j - i)) {
                raw += chunks.get(j++).rawSize();
            }
            out.add(new Term(p.xorb(), p.index(), p.index() + (j - i), raw));
            i = j;
        }
        return out;
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(12 + chunks.size() * ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(1).putInt(chunks.size());
        for (Place p : chunks) {
            b.put(p.chunk().bytes()).putInt(p.rawSize()).put(p.xorb().bytes()).putInt(p.index());
        }
        return b.array();
    }

    static XorbAlias decode(XorbHash hash, byte[] data, String what) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 12) {
            throw ChunkCodec.corrupt(what, "truncated xorb alias");
        }
        byte[] magic = new byte[4];
        b.get(magic);
        int version = b.getInt();
        int n = b.getInt();
        if (!Arrays.equals(magic, MAGIC) || version != 1 || n < 0 || data.length != 12 + (long) n * ENTRY) {
            throw ChunkCodec.corrupt(what, "malformed xorb alias");
        }
        List<Place> places = new ArrayList<>(n);
        byte[] h = new byte[32];
        for (int i = 0; i < n; i++) {
            b.get(h);
            ChunkHash chunk = ChunkHash.of(h);
            int raw = b.getInt();
            b.get(h);
            places.add(new Place(chunk, raw, XorbHash.of(h), b.getInt()));
        }
        return new XorbAlias(hash, places);
    }
}
