package org.chorus.xet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * BLAKE3 (keyed mode) in plain Java, written for speed: the compression function is fully unrolled over local
 * variables (generated from the spec's message schedule), words are read straight from the input, nothing is
 * allocated per block, and whole 1 KiB chunks run across SIMD lanes when the JVM has the Vector API
 * ({@link VectorSupport}). BouncyCastle's general-purpose Blake3Digest runs at about a sixteenth of b3sum, which would
 * make hashing the bottleneck of ingest, verified reads and uploads. Not thread-safe: it keeps scratch space; use one
 * per thread.
 */
public final class Blake3 {
    static final int CHUNK_LEN = 1024;
    private static final int CHUNK_START = 1;
    private static final int CHUNK_END = 2;
    private static final int PARENT = 4;
    private static final int ROOT = 8;
    private static final int KEYED_HASH = 16;
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] key = new int[8];
    private final int[] block = new int[16];
    private final int[] out = new int[16];
    private final int[] cvStack = new int[8 * 64];
    /**
     * SIMD lanes over whole chunks, made at the first hash asked to use them where the Vector API is there (else
     * null: loading the vector classes costs a short process a tenth of a second), and lanes per batch (0 without).
     */
    private Blake3Lanes lanes;
    private int laneCount;
    private int[] laneCvs;
    /** Chaining values of every chunk of an input hashed level by level ({@link #hashWide}), then of their parents. */
    private int[] wideCvs;

    /** A hasher keyed with the 32 bytes of {@code key32}. */
    public Blake3(byte[] key32) {
        for (int i = 0; i < 8; i++) {
            key[i] = (int) LE_INT.get(key32, 4 * i);
        }
    }

    /** Whether this hasher has SIMD lanes, making them at the first call where the Vector API is there. */
    private boolean hasLanes() {
        if (lanes == null && VectorSupport.start()) {
            lanes = new Blake3Lanes(key);
            laneCount = Blake3Lanes.LANES;
            laneCvs = new int[8 * laneCount];
            wideCvs = new int[8 * WIDE_CHUNKS];
        }
        return lanes != null;
    }

    /** Inputs of up to this many chunks (a Xet chunk has at most 128) are hashed level by level with SIMD. */
    private static final int WIDE_CHUNKS = 256;

    /**
     * Inputs from this many bytes repay SIMD's warm-up: a process about to hash one calls {@link #prepareSimd} first;
     * otherwise the warm-up starts once this many bytes have been hashed.
     */
    public static final long SIMD_PAYS_FROM = VectorSupport.WARM_UP_AFTER;

    /**
     * Starts compiling the SIMD code in the background now, where the JVM has the Vector API (else does nothing); a
     * long-running process calls this as it starts, so that its first requests hash at full speed. Says whether SIMD
     * is there.
     */
    public static boolean prepareSimd() {
        return VectorSupport.start();
    }

    /** The 32-byte keyed hash of {@code data[off, off+len)}. */
    public byte[] hash(byte[] data, int off, int len) {
        VectorSupport.hashed(len);
        return hash(data, off, len, VectorSupport.ready());
    }

    /** The hash, with SIMD lanes over whole chunks if {@code simd} and the Vector API is there. */
    byte[] hash(byte[] data, int off, int len, boolean simd) {
        int chunks = Math.max(1, (len + CHUNK_LEN - 1) / CHUNK_LEN);
        if (chunks == 1) {
            chunk(data, off, len, 0, ROOT, out, 0);
            return toBytes(out);
        }
        boolean lanesOn = simd && hasLanes();
        if (lanesOn && chunks <= WIDE_CHUNKS) {
            return hashWide(data, off, len, chunks);
        }
        // Chunk chaining values merge like a binary counter; the right spine waits for the end, where only the
        // final merge carries the ROOT flag.
        int depth = 0;
        for (long c = 0; c < chunks - 1; ) {
            int batch = (int) Math.min(laneCount, chunks - 1 - c);
            if (batch >= 2 && lanesOn) {
                lanes.chunks(data, off + (int) (c * CHUNK_LEN), batch, c, laneCvs, 0);
                for (int j = 0; j < batch; j++) {
                    System.arraycopy(laneCvs, 8 * j, cvStack, depth * 8, 8);
                    depth = merge(depth + 1, ++c);
                }
            } else {
                chunk(data, off + (int) (c * CHUNK_LEN), CHUNK_LEN, c, 0, cvStack, depth * 8);
                depth = merge(depth + 1, ++c);
            }
        }
        int lastOff = (chunks - 1) * CHUNK_LEN;
        chunk(data, off + lastOff, len - lastOff, chunks - 1, 0, cvStack, depth * 8);
        depth++;
        while (depth > 2) {
            depth--;
            parent(cvStack, (depth - 1) * 8, 0, cvStack, (depth - 1) * 8);
        }
        parent(cvStack, 0, ROOT, out, 0);
        return toBytes(out);
    }

    /**
     * The tree level by level: every chunk's chaining value through the lanes (the last too when it is whole), then
     * each level's parents in pairs through the lanes as well, an odd node at a level's end going up unpaired. That
     * is BLAKE3's tree (each left subtree holds the largest power of two of chunks that leaves one for the right):
     * merging as a binary counter, as {@link #hash(byte[], int, int, boolean)} does otherwise, compresses the ~one
     * parent per chunk one at a time, a quarter of a 64 KiB chunk's hashing.
     */
    private byte[] hashWide(byte[] data, int off, int len, int chunks) {
        int whole = len % CHUNK_LEN == 0 ? chunks : chunks - 1;
        for (int c = 0; c < whole; ) {
            int batch = Math.min(laneCount, whole - c);
            if (batch >= 2) {
                lanes.chunks(data, off + c * CHUNK_LEN, batch, c, wideCvs, 8 * c);
            } else {
                chunk(data, off + c * CHUNK_LEN, CHUNK_LEN, c, 0, wideCvs, 8 * c);
            }
            c += batch;
        }
        if (whole < chunks) {
            chunk(data, off + whole * CHUNK_LEN, len - whole * CHUNK_LEN, whole, 0, wideCvs, 8 * whole);
        }
        for (int nodes = chunks; nodes > 2; ) {
            int pairs = nodes / 2;
            for (int p = 0; p < pairs; ) {
                int batch = Math.min(laneCount, pairs - p);
                if (batch >= 2) {
                    // Reads pairs p.. (at 16 p) before writing their parents (at 8 p): nothing unread is overwritten.
                    lanes.parents(wideCvs, 16 * p, batch, wideCvs, 8 * p);
                } else {
                    parent(wideCvs, 16 * p, 0, wideCvs, 8 * p);
                }
                p += batch;
            }
            if (nodes % 2 == 1) {
                System.arraycopy(wideCvs, 8 * (nodes - 1), wideCvs, 8 * pairs, 8);
            }
            nodes = pairs + nodes % 2;
        }
        parent(wideCvs, 0, ROOT, out, 0);
        return toBytes(out);
    }

    /** After the {@code total}-th chunk: merges completed subtrees on the stack; returns the new depth. */
    private int merge(int depth, long total) {
        for (; (total & 1) == 0; total >>= 1) {
            depth--;
            parent(cvStack, (depth - 1) * 8, 0, cvStack, (depth - 1) * 8);
        }
        return depth;
    }

    private static byte[] toBytes(int[] words) {
        byte[] h = new byte[32];
        for (int i = 0; i < 8; i++) {
            LE_INT.set(h, 4 * i, words[i]);
        }
        return h;
    }

    private void chunk(byte[] data, int off, int len, long counter, int rootFlag, int[] dst, int dstOff) {
        System.arraycopy(key, 0, dst, dstOff, 8);
        int blocks = Math.max(1, (len + 63) / 64);
        for (int b = 0; b < blocks; b++) {
            int at = off + b * 64;
            int n = Math.min(64, len - b * 64);
            if (n == 64) {
                for (int i = 0; i < 16; i++) {
                    block[i] = (int) LE_INT.get(data, at + 4 * i);
                }
            } else {
                java.util.Arrays.fill(block, 0);
                for (int i = 0; i < n; i++) {
                    block[i >> 2] |= (data[at + i] & 0xFF) << (8 * (i & 3));
                }
            }
            int flags = KEYED_HASH | (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END | rootFlag : 0);
            Blake3Compress.compress(dst, dstOff, block, counter, n, flags, dst, dstOff);
        }
    }

    private void parent(int[] cvs, int leftOff, int rootFlag, int[] dst, int dstOff) {
        System.arraycopy(cvs, leftOff, block, 0, 16);
        Blake3Compress.compress(key, 0, block, 0, 64, KEYED_HASH | PARENT | rootFlag, dst, dstOff);
    }
}
