package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The streaming Merkle tree against the spec's level-by-level procedure, written out plainly here. */
class HashingTest {
    private record Node(XetHash hash, long size) {}

    @Property(tries = 200)
    void streamingMerkleRootEqualsTheLevelByLevelReference(@ForAll @IntRange(max = 3000) int n, @ForAll long seed) {
        // Prepare
        List<Node> leaves = new ArrayList<>();
        Hashing.Merkle merkle = new Hashing.Merkle();
        for (int i = 0; i < n; i++) {
            XetHash h = new XetHash(SplitMix.randomData(32, seed + i));
            leaves.add(new Node(h, 1000 + i));

            // Execute
            merkle.add(h, 1000 + i);
        }

        // Assert
        assertThat(merkle.root()).isEqualTo(levelByLevel(leaves));
    }

    /** Spec, hashing.md: cut after a node whose hash is 0 mod 4 (from the third on), at most 9 per group. */
    private static XetHash levelByLevel(List<Node> level) {
        if (level.isEmpty()) {
            return new XetHash(new byte[32]);
        }
        while (level.size() > 1) {
            List<Node> next = new ArrayList<>();
            for (int from = 0; from < level.size(); ) {
                int to = from;
                while (true) {
                    to++;
                    int size = to - from;
                    if (to == level.size() || size == 9 || (size >= 3 && level.get(to - 1).hash().lastWord() % 4 == 0)) {
                        break;
                    }
                }
                StringBuilder text = new StringBuilder();
                long total = 0;
                for (Node c : level.subList(from, to)) {
                    text.append(c.hash().hex()).append(" : ").append(c.size()).append('\n');
                    total += c.size();
                }
                byte[] t = text.toString().getBytes(StandardCharsets.US_ASCII);
                next.add(new Node(new XetHash(new Blake3(Hashing.INTERNAL_NODE_KEY).hash(t, 0, t.length)), total));
                from = to;
            }
            level = next;
        }
        return level.get(0).hash();
    }
}
