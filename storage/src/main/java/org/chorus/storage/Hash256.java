package org.chorus.storage;

import java.util.Arrays;
import org.chorus.core.ChorusException;
import org.chorus.xet.XetHash;

/**
 * A 32-byte hash. Subclasses give the hash a meaning (chunk, xorb, file, SHA-256) so that one kind can never be
 * passed where another is expected; two hashes are equal only if they are of the same kind and bytes.
 *
 * <p>Xet hashes print in the Xet string form: each 8-byte group as a little-endian u64 in hex (see the Xet API
 * spec, "Converting hashes to strings"). The raw bytes are what BLAKE3 produced.
 */
public abstract sealed class Hash256 permits ChunkHash, XorbHash, FileHash, Sha256 {
    static final int SIZE = 32;
    private final byte[] bytes;

    Hash256(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw ChorusException.invalid("a hash has 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /**
     * 32 raw bytes from 64 plain hex digits (a SHA-256, or a term's verification hash as Chorus's announcements carry
     * it); anything else throws.
     */
    public static byte[] parsePlainHex(String hex) {
        return XetHex.parsePlain(hex);
    }

    /** A copy of the raw bytes. */
    public final byte[] bytes() {
        return bytes.clone();
    }

    /** Raw byte {@code i}, without copying. */
    final byte byteAt(int i) {
        return bytes[i];
    }

    final void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, SIZE);
    }

    /** The string form used in paths and listings. */
    public String hex() {
        return new XetHash(bytes).hex();
    }


    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && Arrays.equals(bytes, ((Hash256) o).bytes);
    }

    @Override
    public final int hashCode() {
        // The bytes are already uniformly distributed.
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16 | bytes[3] << 24;
    }

    @Override
    public final String toString() {
        return hex();
    }
}
