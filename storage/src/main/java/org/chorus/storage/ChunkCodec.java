package org.chorus.storage;

import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * One chunk as it sits in a xorb: an 8-byte header (version 0, compressed size u24, scheme, raw size u24, all
 * little-endian) and the compressed bytes. Schemes: 0 none, 1 LZ4 frame, 2 byte-grouping-4 then LZ4 frame.
 */
final class ChunkCodec {
    static final int HEADER = 8;
    static final int NONE = 0;
    static final int LZ4 = 1;
    static final int BG4_LZ4 = 2;
    /** Below this saving, LZ4 is deemed to have failed and byte grouping gets a try. */
    private static final double GROUPING_TRY_RATIO = 0.9;
    /**
     * A chunk is stored compressed only if that saves at least 1/32 of it: a raw chunk is sent to readers straight
     * from the page cache, a compressed one is decompressed and copied on every read.
     */
    private static final int MIN_SAVING_SHIFT = 5;

    private ChunkCodec() {}

    /** Serializes {@code data[off, off+len)} with the smallest of the schemes the policy allows. */
    static byte[] encode(byte[] data, int off, int len, StorageConfig.Compression policy) {
        return switch (policy) {
            case NONE -> raw(data, off, len);
            case LZ4 -> smallest(data, off, len, false);
            case AUTO -> smallest(data, off, len, true);
        };
    }

    private static byte[] smallest(byte[] data, int off, int len, boolean tryGrouping) {
        byte[] buf = new byte[HEADER + Lz4Frame.maxCompressedLength(len)];
        int best = Lz4Frame.compress(data, off, len, buf, HEADER);
        int scheme = LZ4;
        byte[] bestBytes = buf;
        if (tryGrouping && best > len * GROUPING_TRY_RATIO && len >= 16 && ByteGrouping.looksGroupable(data, off, len)) {
            byte[] grouped = new byte[len];
            ByteGrouping.split(data, off, len, grouped);
            byte[] buf2 = new byte[buf.length];
            int c = Lz4Frame.compress(grouped, 0, len, buf2, HEADER);
            if (c < best) {
                best = c;
                scheme = BG4_LZ4;
                bestBytes = buf2;
            }
        }
        if (best > len - (len >> MIN_SAVING_SHIFT)) {
            return raw(data, off, len);
        }
        // Frames are compressed straight after the header slot, so the result costs one copy.
        byte[] out = new byte[HEADER + best];
        System.arraycopy(bestBytes, HEADER, out, HEADER, best);
        writeHeader(out, best, scheme, len);
        return out;
    }

    static byte[] raw(byte[] data, int off, int len) {
        byte[] out = new byte[HEADER + len];
        System.arraycopy(data, off, out, HEADER, len);
        writeHeader(out, len, NONE, len);
        return out;
    }

    static void writeHeader(byte[] out, int compressed, int scheme, int raw) {
        out[0] = 0;
        out[1] = (byte) compressed;
        out[2] = (byte) (compressed >>> 8);
        out[3] = (byte) (compressed >>> 16);
        out[4] = (byte) scheme;
        out[5] = (byte) raw;
        out[6] = (byte) (raw >>> 8);
        out[7] = (byte) (raw >>> 16);
    }

    static int compressedSize(byte[] b, int p) {
        return (b[p + 1] & 0xFF) | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF) << 16;
    }

    static int rawSize(byte[] b, int p) {
        return (b[p + 5] & 0xFF) | (b[p + 6] & 0xFF) << 8 | (b[p + 7] & 0xFF) << 16;
    }

    /** Decodes the chunk whose header is at {@code b[p]} into {@code dst[dstOff...]}; returns the raw size. */
    static int decode(byte[] b, int p, int limit, byte[] dst, int dstOff, String what) {
        if (limit - p < HEADER || b[p] != 0) {
            throw corrupt(what, "bad chunk header at byte " + p);
        }
        int c = compressedSize(b, p);
        int raw = rawSize(b, p);
        int scheme = b[p + 4];
        if (c > limit - p - HEADER) {
            throw corrupt(what, "chunk at byte " + p + " runs past the end");
        }
        int at = p + HEADER;
        switch (scheme) {
            case NONE -> {
                if (c != raw) {
                    throw corrupt(what, "uncompressed chunk with two sizes at byte " + p);
                }
                System.arraycopy(b, at, dst, dstOff, raw);
            }
            case LZ4 -> {
                if (dstOff == 0 && dst.length == raw) {
                    Lz4Frame.decompress(b, at, c, dst, raw, what);
                } else {
                    byte[] tmp = new byte[raw];
                    Lz4Frame.decompress(b, at, c, tmp, raw, what);
                    System.arraycopy(tmp, 0, dst, dstOff, raw);
                }
            }
            case BG4_LZ4 -> {
                byte[] grouped = new byte[raw];
                Lz4Frame.decompress(b, at, c, grouped, raw, what);
                ByteGrouping.join(grouped, raw, dst, dstOff);
            }
            default -> throw corrupt(what, "unknown compression scheme " + scheme + " at byte " + p);
        }
        return raw;
    }

    static ChorusException corrupt(String what, String problem) {
        return new ChorusException(ErrorCode.DATA_CORRUPTED, what + ": " + problem);
    }
}
