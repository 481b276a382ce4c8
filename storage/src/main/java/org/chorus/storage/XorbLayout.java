package org.chorus.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each chunk of a stored xorb sits: its hash, raw size and the byte offset of its header in the serialized
 * xorb. Kept as a small object beside the xorb so range reads fetch only the bytes they need.
 *
 * <p>Encoding: "CHXI" u32 version=1, u32 n, u32 serializedSize, then n × (hash[32], u32 rawSize, u32 start),
 * little-endian.
 */
final class XorbLayout {
    private static final byte[] MAGIC = "CHXI".getBytes(StandardCharsets.US_ASCII);
    private static final int ENTRY = 40;
    final XorbHash hash;
    private final ChunkHash[] chunks;
    private final int[] rawSizes;
    /** n + 1 entries; the last is the serialized size. */
    private final int[] starts;

    XorbLayout(XorbHash hash, ChunkHash[] chunks, int[] rawSizes, int[] starts) {
        this.hash = hash;
        this.chunks = chunks;
        this.rawSizes = rawSizes;
        this.starts = starts;
    }

    /** The layout of chunks listed in order, with the xorb hash computed from them. */
    static XorbLayout of(List<ChunkHash> hashes, List<Integer> rawSizes, List<Integer> starts, int serializedSize) {
        int n = hashes.size();
        int[] raw = new int[n];
        int[] st = new int[n + 1];
        List<XetHashing.Node> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            raw[i] = rawSizes.get(i);
            st[i] = starts.get(i);
            nodes.add(new XetHashing.Node(hashes.get(i), raw[i]));
        }
        st[n] = serializedSize;
        return new XorbLayout(XetHashing.xorbHash(nodes), hashes.toArray(ChunkHash[]::new), raw, st);
    }

    int chunkCount() {
        return chunks.length;
    }

    ChunkHash chunk(int i) {
        return chunks[i];
    }

    int rawSize(int i) {
        return rawSizes[i];
    }

    /** Byte offset of chunk {@code i}'s header; {@code start(chunkCount())} is the serialized size. */
    int start(int i) {
        return starts[i];
    }

    long rawBytes(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += rawSizes[i];
        }
        return sum;
    }

    List<XetHashing.Node> nodes(int from, int to) {
        List<XetHashing.Node> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new XetHashing.Node(chunks[i], rawSizes[i]));
        }
        return out;
    }

    List<ChunkHash> chunkHashes(int from, int to) {
        return List.of(chunks).subList(from, to);
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(16 + chunks.length * ENTRY).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(1).putInt(chunks.length).putInt(starts[chunks.length]);
        for (int i = 0; i < chunks.length; i++) {
            b.put(chunks[i].bytes()).putInt(rawSizes[i]).putInt(starts[i]);
        }
        return b.array();
    }

    static XorbLayout decode(XorbHash hash, byte[] data, String what) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        if (data.length < 16) {
            throw ChunkCodec.corrupt(what, "truncated xorb index");
        }
        b.get(magic);
        int version = b.getInt();
        int n = b.getInt();
        if (!java.util.Arrays.equals(magic, MAGIC) || version != 1 || n < 0 || data.length != 16 + (long) n * ENTRY) {
            throw ChunkCodec.corrupt(what, "malformed xorb index");
        }
        int[] starts = new int[n + 1];
        starts[n] = b.getInt();
        ChunkHash[] chunks = new ChunkHash[n];
        int[] raw = new int[n];
        byte[] h = new byte[32];
        for (int i = 0; i < n; i++) {
            b.get(h);
            chunks[i] = ChunkHash.of(h);
            raw[i] = b.getInt();
            starts[i] = b.getInt();
        }
        return new XorbLayout(hash, chunks, raw, starts);
    }
}
