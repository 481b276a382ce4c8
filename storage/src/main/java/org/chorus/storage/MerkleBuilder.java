package org.chorus.storage;

import org.chorus.xet.Hashing;

/**
 * The Xet aggregated Merkle root of chunks as they stream in (chorus-xet's {@link Hashing.Merkle}: a few nodes per
 * tree level, so hashing a file takes constant memory).
 */
final class MerkleBuilder {
    private final Hashing.Merkle merkle = new Hashing.Merkle();

    void add(Hash256 hash, long size) {
        merkle.add(XetHashing.xet(hash), size);
    }

    /** The root, or all zeros for no chunks. */
    byte[] root() {
        return merkle.root().bytes();
    }
}
