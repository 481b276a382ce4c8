package org.chorus.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Xet hash functions (spec: hashing.md). Chunk hashes are keyed BLAKE3 with DATA_KEY; Merkle internal nodes
 * hash the text {@code "<hex> : <size>\n"} of their children with INTERNAL_NODE_KEY; the tree groups children by
 * the content of their hashes (mean branching 4), so equal runs of chunks give equal subtrees.
 */
final class XetHashing {
    static final byte[] DATA_KEY = bytes(102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
            157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41);
    static final byte[] INTERNAL_NODE_KEY = bytes(1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138,
            2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63);
    static final byte[] VERIFICATION_KEY = bytes(127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165,
            195, 243, 164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40, 251, 148, 195);
    private static final byte[] ZERO_KEY = new byte[32];
    private static final int BRANCHING = 4;
    private static final int MAX_GROUP = 2 * BRANCHING + 1;

    /** A Merkle leaf or node: its hash and the number of data bytes under it. */
    record Node(Hash256 hash, long size) {}

    private XetHashing() {}

    /** One hasher per thread and key: a hasher keeps scratch space and is not thread-safe. */
    private static final ThreadLocal<Blake3> CHUNK_HASHER = ThreadLocal.withInitial(() -> new Blake3(DATA_KEY));
    private static final ThreadLocal<Blake3> NODE_HASHER = ThreadLocal.withInitial(() -> new Blake3(INTERNAL_NODE_KEY));

    static ChunkHash chunkHash(byte[] data, int offset, int length) {
        return ChunkHash.of(CHUNK_HASHER.get().hash(data, offset, length));
    }

    static byte[] keyedHash(byte[] key, byte[] data) {
        Blake3 hasher = key == INTERNAL_NODE_KEY ? NODE_HASHER.get() : new Blake3(key);
        return hasher.hash(data, 0, data.length);
    }

    static XorbHash xorbHash(List<Node> chunks) {
        return XorbHash.of(merkleRoot(chunks));
    }

    static FileHash fileHash(List<Node> chunks) {
        return fileHash(chunks.isEmpty(), merkleRoot(chunks));
    }

    /** The file hash is the Merkle root re-keyed with zeros; no chunks (an empty file) hash to all zeros. */
    static FileHash fileHash(boolean empty, byte[] merkleRoot) {
        return FileHash.of(empty ? new byte[32] : keyedHash(ZERO_KEY, merkleRoot));
    }

    /** Term verification hash: keyed BLAKE3 over the raw chunk hashes of the term's range. */
    static byte[] verificationHash(List<ChunkHash> chunkHashes) {
        byte[] buf = new byte[chunkHashes.size() * 32];
        for (int i = 0; i < chunkHashes.size(); i++) {
            chunkHashes.get(i).copyTo(buf, i * 32);
        }
        return keyedHash(VERIFICATION_KEY, buf);
    }

    private static byte[] merkleRoot(List<Node> leaves) {
        if (leaves.isEmpty()) {
            return new byte[32];
        }
        List<Node> level = leaves;
        while (level.size() > 1) {
            List<Node> next = new ArrayList<>((level.size() + 1) / 2);
            int read = 0;
            while (read < level.size()) {
                int cut = read + nextCut(level, read);
                next.add(merge(level, read, cut));
                read = cut;
            }
            level = next;
        }
        return level.getFirst().hash().bytes();
    }

    /** Group size starting at {@code from}: ends after a hash divisible by 4 (from the third on), at most 9. */
    static int nextCut(List<Node> nodes, int from) {
        int remaining = nodes.size() - from;
        if (remaining <= 2) {
            return remaining;
        }
        int end = Math.min(MAX_GROUP, remaining);
        for (int i = 2; i < end; i++) {
            if (Long.remainderUnsigned(nodes.get(from + i).hash().lastWord(), BRANCHING) == 0) {
                return i + 1;
            }
        }
        return end;
    }

    static Node merge(List<Node> nodes, int from, int to) {
        StringBuilder text = new StringBuilder((to - from) * 88);
        long total = 0;
        for (int i = from; i < to; i++) {
            Node n = nodes.get(i);
            text.append(XetHex.format(n.hash().bytes())).append(" : ").append(n.size()).append('\n');
            total += n.size();
        }
        byte[] h = keyedHash(INTERNAL_NODE_KEY, text.toString().getBytes(StandardCharsets.US_ASCII));
        return new Node(ChunkHash.of(h), total);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
