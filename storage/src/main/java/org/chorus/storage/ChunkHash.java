package org.chorus.storage;

/** Xet chunk hash: the keyed BLAKE3 hash of one chunk's bytes (a Merkle leaf). */
public final class ChunkHash extends Hash256 {
    private ChunkHash(byte[] bytes) {
        super(bytes);
    }

    public static ChunkHash of(byte[] bytes) {
        return new ChunkHash(bytes);
    }

    /** Parses the Xet string form (as printed by {@link #hex()}). */
    public static ChunkHash fromHex(String hex) {
        return new ChunkHash(XetHex.parse(hex));
    }
}
