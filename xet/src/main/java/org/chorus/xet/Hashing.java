package org.chorus.xet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Xet hash functions (spec: hashing.md). Chunk hashes are keyed BLAKE3 with DATA_KEY; Merkle internal nodes
 * hash the text {@code "<hex> : <size>\n"} of their children with INTERNAL_NODE_KEY, grouped by the content of the
 * hashes (mean branching 4), so equal runs of chunks give equal subtrees; a file hash re-keys the root with zeros.
 */
public final class Hashing {
    static final byte[] DATA_KEY = bytes(102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28,
            157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41);
    static final byte[] INTERNAL_NODE_KEY = bytes(1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138,
            2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63);
    private static final byte[] VERIFICATION_KEY = bytes(127, 24, 87, 214, 206, 86, 237, 102, 18, 127, 249, 19, 231, 165,
            195, 243, 164, 205, 38, 213, 181, 219, 73, 230, 65, 36, 152, 127, 40, 251, 148, 195);
    private static final int BRANCHING = 4;
    private static final int MAX_GROUP = 2 * BRANCHING + 1;
    /** One hasher per thread and key: a hasher keeps scratch space and is not thread-safe. */
    private static final ThreadLocal<Blake3> CHUNK_HASHER = ThreadLocal.withInitial(() -> new Blake3(DATA_KEY));
    private static final ThreadLocal<Blake3> NODE_HASHER = ThreadLocal.withInitial(() -> new Blake3(INTERNAL_NODE_KEY));

    /** A Merkle leaf or node: its hash and the number of data bytes under it. */
    private record Node(XetHash hash, long size) {}

    private Hashing() {}

    /** The hash of the chunk {@code data[offset, offset+length)}. */
    public static XetHash chunkHash(byte[] data, int offset, int length) {
        return new XetHash(CHUNK_HASHER.get().hash(data, offset, length));
    }

    /** The file hash: the Merkle root of its chunks keyed with zeros; an empty file hashes to all zeros. */
    public static XetHash fileHash(XetHash merkleRoot, boolean empty) {
        return new XetHash(empty ? new byte[32] : new Blake3(new byte[32]).hash(merkleRoot.bytes(), 0, 32));
    }

    /** A term's verification hash: keyed BLAKE3 over the raw chunk hashes of its range. */
    public static byte[] verificationHash(List<XetHash> chunkHashes) {
        byte[] buf = new byte[chunkHashes.size() * 32];
        for (int i = 0; i < chunkHashes.size(); i++) {
            chunkHashes.get(i).copyTo(buf, i * 32);
        }
        return new Blake3(VERIFICATION_KEY).hash(buf, 0, buf.length);
    }

    /**
     * The Merkle root of a list of chunks (a xorb's name, or re-keyed by {@link #fileHash} a file's), computed while
     * chunks stream in, holding at most a few nodes per level, so hashing a file takes constant memory: a group's
     * extent depends only on its first nine nodes, so once a level holds nine its first group is final; the tails
     * are grouped at the end exactly as the level-by-level reference does.
     */
    public static final class Merkle {
        private final List<List<Node>> levels = new ArrayList<>();

        /** Appends a chunk (or, for a file, a chunk in file order) with its raw size. */
        public void add(XetHash hash, long size) {
            push(0, new Node(hash, size));
        }

        private void push(int level, Node node) {
            if (levels.size() == level) {
                levels.add(new ArrayList<>());
            }
            List<Node> nodes = levels.get(level);
            nodes.add(node);
            if (nodes.size() >= MAX_GROUP) {
                int cut = nextCut(nodes, 0);
                Node parent = merge(nodes, 0, cut);
                nodes.subList(0, cut).clear();
                push(level + 1, parent);
            }
        }

        /** The root (all zeros for no chunks); the builder is spent afterwards. */
        public XetHash root() {
            for (int level = 0; level < levels.size(); level++) {
                List<Node> nodes = levels.get(level);
                if (level == levels.size() - 1 && nodes.size() == 1) {
                    return nodes.get(0).hash();
                }
                for (int read = 0; read < nodes.size(); ) {
                    int cut = read + nextCut(nodes, read);
                    Node parent = merge(nodes, read, cut);
                    read = cut;
                    if (levels.size() == level + 1) {
                        levels.add(new ArrayList<>());
                    }
                    levels.get(level + 1).add(parent);
                }
                nodes.clear();
            }
            return new XetHash(new byte[32]);
        }
    }

    /** Group size starting at {@code from}: ends after a hash divisible by 4 (from the third on), at most 9. */
    private static int nextCut(List<Node> nodes, int from) {
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

    private static Node merge(List<Node> nodes, int from, int to) {
        StringBuilder text = new StringBuilder((to - from) * 88);
        long total = 0;
        for (int i = from; i < to; i++) {
            Node n = nodes.get(i);
            text.append(n.hash().hex()).append(" : ").append(n.size()).append('\n');
            total += n.size();
        }
        byte[] t = text.toString().getBytes(StandardCharsets.US_ASCII);
        return new Node(new XetHash(NODE_HASHER.get().hash(t, 0, t.length)), total);
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
