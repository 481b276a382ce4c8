package org.chorus.storage;

import java.util.List;
import org.chorus.xet.Hashing;
import org.chorus.xet.XetHash;

/** The Xet hash functions (chorus-xet's {@link Hashing}, spec: hashing.md) over storage's kinds of hash. */
final class XetHashing {
    /** A Merkle leaf: a chunk's hash and its raw size. */
    record Node(Hash256 hash, long size) {}

    private XetHashing() {}

    static ChunkHash chunkHash(byte[] data, int offset, int length) {
        return ChunkHash.of(Hashing.chunkHash(data, offset, length).bytes());
    }

    static XorbHash xorbHash(List<Node> chunks) {
        return XorbHash.of(merkleRoot(chunks));
    }

    static FileHash fileHash(List<Node> chunks) {
        return fileHash(chunks.isEmpty(), merkleRoot(chunks));
    }

    /** The file hash is the Merkle root re-keyed with zeros; no chunks (an empty file) hash to all zeros. */
    static FileHash fileHash(boolean empty, byte[] merkleRoot) {
        return FileHash.of(Hashing.fileHash(new XetHash(merkleRoot), empty).bytes());
    }

    /** Term verification hash: keyed BLAKE3 over the raw chunk hashes of the term's range. */
    static byte[] verificationHash(List<ChunkHash> chunkHashes) {
        return Hashing.verificationHash(chunkHashes.stream().map(XetHashing::xet).toList());
    }

    static XetHash xet(Hash256 hash) {
        return new XetHash(hash.bytes());
    }

    private static byte[] merkleRoot(List<Node> leaves) {
        MerkleBuilder merkle = new MerkleBuilder();
        for (Node n : leaves) {
            merkle.add(n.hash(), n.size());
        }
        return merkle.root();
    }
}
