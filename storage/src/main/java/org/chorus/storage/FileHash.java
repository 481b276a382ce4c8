package org.chorus.storage;

/** Xet file hash: the Merkle root over a file's chunks, re-keyed with zeros; names the file in the store. */
public final class FileHash extends Hash256 {
    private FileHash(byte[] bytes) {
        super(bytes);
    }

    public static FileHash of(byte[] bytes) {
        return new FileHash(bytes);
    }

    /** Parses the Xet string form (as printed by {@link #hex()}). */
    public static FileHash fromHex(String hex) {
        return new FileHash(XetHex.parse(hex));
    }
}
