package org.chorus.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes the Xet aggregated Merkle root while chunks stream in, holding at most a few nodes per tree level, so
 * hashing a file takes constant memory. A group's extent depends only on its own first nine nodes, so once a level
 * holds nine nodes its first group is final; the tail of each level is grouped at the end exactly as the
 * level-by-level reference does.
 */
final class MerkleBuilder {
    private static final int MAX_GROUP = 9;
    private final List<List<XetHashing.Node>> levels = new ArrayList<>();

    void add(ChunkHash hash, long size) {
        push(0, new XetHashing.Node(hash, size));
    }

    private void push(int level, XetHashing.Node node) {
        if (levels.size() == level) {
            levels.add(new ArrayList<>());
        }
        List<XetHashing.Node> nodes = levels.get(level);
        nodes.add(node);
        if (nodes.size() >= MAX_GROUP) {
            int cut = XetHashing.nextCut(nodes, 0);
            XetHashing.Node parent = XetHashing.merge(nodes, 0, cut);
            nodes.subList(0, cut).clear();
            push(level + 1, parent);
        }
    }

    /** The root, or all zeros for no chunks. */
    byte[] root() {
        for (int level = 0; level < levels.size(); level++) {
            List<XetHashing.Node> nodes = levels.get(level);
            boolean top = level == levels.size() - 1;
            if (top && nodes.size() == 1) {
                return nodes.getFirst().hash().bytes();
            }
            int read = 0;
            while (read < nodes.size()) {
                int cut = read + XetHashing.nextCut(nodes, read);
                XetHashing.Node parent = XetHashing.merge(nodes, read, cut);
                read = cut;
                if (levels.size() == level + 1) {
                    levels.add(new ArrayList<>());
                }
                levels.get(level + 1).add(parent);
            }
            nodes.clear();
        }
        return new byte[32];
    }
}
