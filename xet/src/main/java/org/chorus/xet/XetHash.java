package org.chorus.xet;

import java.util.Arrays;

/** A 32-byte Xet hash (chunk, xorb or file); prints in Xet's string form, four little-endian u64 words in hex. */
public final class XetHash {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private final byte[] bytes;

    /** Wraps {@code bytes} (32 of them) without copying: the caller hands them over. */
    public XetHash(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a Xet hash has 32 bytes, got " + bytes.length);
        }
        this.bytes = bytes;
    }

    /** A copy of the raw bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, 32);
    }

    /** The last 8 bytes as a little-endian u64, which Xet uses for "hash % n" decisions. */
    public long lastWord() {
        long v = 0;
        for (int i = 31; i >= 24; i--) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }

    /** The Xet string form. */
    public String hex() {
        char[] out = new char[64];
        int p = 0;
        for (int word = 0; word < 4; word++) {
            for (int i = 7; i >= 0; i--) {
                int b = bytes[word * 8 + i] & 0xFF;
                out[p++] = DIGITS[b >>> 4];
                out[p++] = DIGITS[b & 0xF];
            }
        }
        return new String(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XetHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are already uniformly distributed.
        return (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8 | (bytes[2] & 0xFF) << 16 | bytes[3] << 24;
    }

    @Override
    public String toString() {
        return hex();
    }
}
