package org.chorus.storage;

/** Xet xorb hash: the Merkle root over a xorb's chunks; names the xorb in the store. */
public final class XorbHash extends Hash256 {
    private XorbHash(byte[] bytes) {
        super(bytes);
    }

    public static XorbHash of(byte[] bytes) {
        return new XorbHash(bytes);
    }

    /** Parses the Xet string form (as printed by {@link #hex()}). */
    public static XorbHash fromHex(String hex) {
        return new XorbHash(XetHex.parse(hex));
    }
}
