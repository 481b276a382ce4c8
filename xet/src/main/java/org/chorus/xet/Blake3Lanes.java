package org.chorus.xet;

import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * BLAKE3 chunk compression across SIMD lanes: lane {@code j} hashes the {@code j}-th of {@link #LANES} consecutive
 * 1 KiB chunks, as the reference implementation's hash_many does. The 16 state words live in a small array of
 * lane vectors that stays in L1; each G step loads and stores its four words. Keeping methods small matters more
 * than keeping everything in registers: a fully unrolled version is too big for the JIT to compile at all.
 * Uses the incubating Vector API, so {@link Blake3} only calls it when {@link VectorSupport#ready()}.
 */
final class Blake3Lanes {
    static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final java.lang.invoke.VarHandle LE_INT =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int[][] SCHEDULE = schedule();

    private final int[] counters = new int[LANES];
    private final int[] keyWords;
    /** Word {@code w} of lane {@code j} sits at {@code [w * LANES + j]}. */
    private final int[] state = new int[16 * LANES];
    private final int[] msg = new int[16 * LANES];
    private final int[] cv = new int[8 * LANES];

    Blake3Lanes(int[] keyWords) {
        this.keyWords = keyWords.clone();
    }

    private static int[][] schedule() {
        int[] permutation = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
        int[][] s = new int[7][16];
        for (int i = 0; i < 16; i++) {
            s[0][i] = i;
        }
        for (int r = 1; r < 7; r++) {
            for (int i = 0; i < 16; i++) {
                s[r][i] = s[r - 1][permutation[i]];
            }
        }
        return s;
    }

    /**
     * Chaining values of {@code count} (at most {@link #LANES}) full chunks at {@code data[off...]}, numbered from
     * {@code counter}, to {@code cvs[cvOff + 8 * lane + word]}. Unused lanes hash stale words; their results are
     * ignored, which is still cheaper than scalar code.
     */
    void chunks(byte[] data, int off, int count, long counter, int[] cvs, int cvOff) {
        for (int w = 0; w < 8; w++) {
            IntVector.broadcast(SPECIES, keyWords[w]).intoArray(cv, w * LANES);
        }
        for (int j = 0; j < LANES; j++) {
            counters[j] = (int) (counter + j);
        }
        for (int b = 0; b < 16; b++) {
            // Transpose the block's words into lane order with plain loads: vector gathers check every index in
            // Java code here and cost more than the compression itself.
            for (int j = 0; j < count; j++) {
                int at = off + j * Blake3.CHUNK_LEN + b * 64;
                for (int i = 0; i < 16; i++) {
                    msg[i * LANES + j] = (int) LE_INT.get(data, at + 4 * i);
                }
            }
            block(16 | (b == 0 ? 1 : 0) | (b == 15 ? 2 : 0), (int) (counter >>> 32));
        }
        for (int j = 0; j < count; j++) {
            for (int w = 0; w < 8; w++) {
                cvs[cvOff + 8 * j + w] = cv[w * LANES + j];
            }
        }
    }

    /**
     * Parents of {@code count} (at most {@link #LANES}) pairs of chaining values, pair {@code j} at
     * {@code cvs[cvOff + 16 * j ..+16)}, to {@code out[outOff + 8 * j ..+8)}; all are read before any is written.
     */
    void parents(int[] cvs, int cvOff, int count, int[] out, int outOff) {
        for (int w = 0; w < 8; w++) {
            IntVector.broadcast(SPECIES, keyWords[w]).intoArray(cv, w * LANES);
        }
        java.util.Arrays.fill(counters, 0);
        for (int j = 0; j < count; j++) {
            for (int i = 0; i < 16; i++) {
                msg[i * LANES + j] = cvs[cvOff + 16 * j + i];
            }
        }
        block(16 | 4, 0);
        for (int j = 0; j < count; j++) {
            for (int w = 0; w < 8; w++) {
                out[outOff + 8 * j + w] = cv[w * LANES + j];
            }
        }
    }

    private void block(int flags, int counterHi) {
        System.arraycopy(cv, 0, state, 0, 8 * LANES);
        IntVector.broadcast(SPECIES, 0x6A09E667).intoArray(state, 8 * LANES);
        IntVector.broadcast(SPECIES, 0xBB67AE85).intoArray(state, 9 * LANES);
        IntVector.broadcast(SPECIES, 0x3C6EF372).intoArray(state, 10 * LANES);
        IntVector.broadcast(SPECIES, 0xA54FF53A).intoArray(state, 11 * LANES);
        IntVector.fromArray(SPECIES, counters, 0).intoArray(state, 12 * LANES);
        IntVector.broadcast(SPECIES, counterHi).intoArray(state, 13 * LANES);
        IntVector.broadcast(SPECIES, 64).intoArray(state, 14 * LANES);
        IntVector.broadcast(SPECIES, flags).intoArray(state, 15 * LANES);
        for (int[] s : SCHEDULE) {
            g(0, 4, 8, 12, s[0], s[1]);
            g(1, 5, 9, 13, s[2], s[3]);
            g(2, 6, 10, 14, s[4], s[5]);
            g(3, 7, 11, 15, s[6], s[7]);
            g(0, 5, 10, 15, s[8], s[9]);
            g(1, 6, 11, 12, s[10], s[11]);
            g(2, 7, 8, 13, s[12], s[13]);
            g(3, 4, 9, 14, s[14], s[15]);
        }
        for (int w = 0; w < 8; w++) {
            IntVector.fromArray(SPECIES, state, w * LANES).lanewise(XOR, IntVector.fromArray(SPECIES, state, (w + 8) * LANES))
                    .intoArray(cv, w * LANES);
        }
    }

    private void g(int a, int b, int c, int d, int x, int y) {
        IntVector va = IntVector.fromArray(SPECIES, state, a * LANES);
        IntVector vb = IntVector.fromArray(SPECIES, state, b * LANES);
        IntVector vc = IntVector.fromArray(SPECIES, state, c * LANES);
        IntVector vd = IntVector.fromArray(SPECIES, state, d * LANES);
        va = va.add(vb).add(IntVector.fromArray(SPECIES, msg, x * LANES));
        vd = vd.lanewise(XOR, va).lanewise(ROR, 16);
        vc = vc.add(vd);
        vb = vb.lanewise(XOR, vc).lanewise(ROR, 12);
        va = va.add(vb).add(IntVector.fromArray(SPECIES, msg, y * LANES));
        vd = vd.lanewise(XOR, va).lanewise(ROR, 8);
        vc = vc.add(vd);
        vb = vb.lanewise(XOR, vc).lanewise(ROR, 7);
        va.intoArray(state, a * LANES);
        vb.intoArray(state, b * LANES);
        vc.intoArray(state, c * LANES);
        vd.intoArray(state, d * LANES);
    }
}
