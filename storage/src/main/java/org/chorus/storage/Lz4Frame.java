package org.chorus.storage;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * The LZ4 frame format, which Xet chunks use (xet-core writes frames with lz4_flex). We write one frame of
 * independent 64 KiB blocks without checksums (the chunk hash already covers the content) and read any valid frame
 * a client may send, skipping the checksums it carries.
 */
final class Lz4Frame {
    private static final int MAGIC = 0x184D2204;
    private static final int BLOCK = 64 * 1024;
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();
    /** FLG: version 01, independent blocks; BD: 64 KiB maximum block size. */
    private static final byte FLG = 0x60;
    private static final byte BD = 0x40;

    private Lz4Frame() {}

    static int maxCompressedLength(int length) {
        int blocks = Math.max(1, (length + BLOCK - 1) / BLOCK);
        return 7 + 4 + blocks * 4 + COMPRESSOR.maxCompressedLength(length) + blocks * 16;
    }

    /** Compresses {@code src[off, off+len)} into {@code dst} from {@code dstOff}; returns the frame's length. */
    static int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int p = putIntLE(dst, dstOff, MAGIC);
        dst[p++] = FLG;
        dst[p++] = BD;
        dst[p] = (byte) (XXHASH.hash(dst, dstOff + 4, 2, 0) >>> 8);
        p++;
        for (int at = off; at < off + len; at += BLOCK) {
            int n = Math.min(BLOCK, off + len - at);
            int c = COMPRESSOR.compress(src, at, n, dst, p + 4, dst.length - p - 4);
            if (c < n) {
                putIntLE(dst, p, c);
                p += 4 + c;
            } else {
                // Incompressible block: stored raw, flagged by the high bit of its size.
                putIntLE(dst, p, n | 0x80000000);
                System.arraycopy(src, at, dst, p + 4, n);
                p += 4 + n;
            }
        }
        return putIntLE(dst, p, 0) - dstOff;
    }

    /** Decompresses a whole frame into {@code dst[0, expected)}; anything malformed is DATA_CORRUPTED. */
    static void decompress(byte[] src, int off, int len, byte[] dst, int expected, String what) {
        int end = off + len;
        try {
            int p = off;
            check(len >= 7 && getIntLE(src, p) == MAGIC, what, "not an LZ4 frame");
            int flg = src[p + 4] & 0xFF;
            check((flg >>> 6) == 1, what, "unsupported LZ4 frame version");
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictId = (flg & 0x01) != 0;
            p += 6 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
            int out = 0;
            while (true) {
                check(p + 4 <= end, what, "truncated LZ4 frame");
                int size = getIntLE(src, p);
                p += 4;
                if (size == 0) {
                    break;
                }
                int n = size & 0x7FFFFFFF;
                check(n <= end - p, what, "truncated LZ4 block");
                if (size < 0) {
                    check(n <= expected - out, what, "LZ4 frame larger than declared");
                    System.arraycopy(src, p, dst, out, n);
                    out += n;
                } else {
                    out += DECOMPRESSOR.decompress(src, p, n, dst, out, expected - out);
                }
                p += n + (blockChecksum ? 4 : 0);
            }
            p += contentChecksum ? 4 : 0;
            check(out == expected && p <= end, what, "LZ4 frame size mismatch");
        } catch (LZ4Exception | ArrayIndexOutOfBoundsException e) {
            throw new ChorusException(ErrorCode.DATA_CORRUPTED, what + ": corrupt LZ4 data", e);
        }
    }

    private static void check(boolean ok, String what, String problem) {
        if (!ok) {
            throw new ChorusException(ErrorCode.DATA_CORRUPTED, what + ": " + problem);
        }
    }

    static int putIntLE(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
        return p + 4;
    }

    static int getIntLE(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }
}
