package org.chorus.storage;

import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * BLAKE3 chunk compression across SIMD lanes: lane {@code j} hashes the {@code j}-th of {@link #LANES} consecutive
 * 1 KiB chunks, as the reference implementation's hash_many does. Uses the incubating Vector API, so
 * {@link Blake3} only calls it when the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class Blake3Lanes {
    static final VectorSpecies<Integer> SPECIES = IntVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    private static final int WORDS_PER_CHUNK = Blake3.CHUNK_LEN / 4;

    private final int[] words = new int[LANES * WORDS_PER_CHUNK];
    private final int[] gather = new int[LANES];
    private final int[] lanes = new int[LANES];
    private final IntVector[] key = new IntVector[8];

    Blake3Lanes(int[] keyWords) {
        for (int i = 0; i < 8; i++) {
            key[i] = IntVector.broadcast(SPECIES, keyWords[i]);
        }
        for (int j = 0; j < LANES; j++) {
            gather[j] = j * WORDS_PER_CHUNK;
        }
    }

    /**
     * Chaining values of {@code count} (at most {@link #LANES}) full chunks at {@code data[off...]}, numbered from
     * {@code counter}. Unused lanes hash stale words; their results are ignored, which is cheaper than scalar code.
     */
    void chunks(byte[] data, int off, int count, long counter, int[] cvs, int cvOff) {
        ByteBuffer.wrap(data, off, count * Blake3.CHUNK_LEN).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
                .get(words, 0, count * WORDS_PER_CHUNK);
        for (int j = 0; j < LANES; j++) {
            lanes[j] = (int) (counter + j);
        }
        IntVector counterLo = IntVector.fromArray(SPECIES, lanes, 0);
        IntVector counterHi = IntVector.broadcast(SPECIES, (int) (counter >>> 32));
        IntVector iv0 = IntVector.broadcast(SPECIES, 0x6A09E667);
        IntVector iv1 = IntVector.broadcast(SPECIES, 0xBB67AE85);
        IntVector iv2 = IntVector.broadcast(SPECIES, 0x3C6EF372);
        IntVector iv3 = IntVector.broadcast(SPECIES, 0xA54FF53A);
        IntVector blockLen = IntVector.broadcast(SPECIES, 64);
        IntVector c0 = key[0];
        IntVector c1 = key[1];
        IntVector c2 = key[2];
        IntVector c3 = key[3];
        IntVector c4 = key[4];
        IntVector c5 = key[5];
        IntVector c6 = key[6];
        IntVector c7 = key[7];
        for (int b = 0; b < 16; b++) {
            int base = b * 16;
            IntVector m0 = IntVector.fromArray(SPECIES, words, base + 0, gather, 0);
            IntVector m1 = IntVector.fromArray(SPECIES, words, base + 1, gather, 0);
            IntVector m2 = IntVector.fromArray(SPECIES, words, base + 2, gather, 0);
            IntVector m3 = IntVector.fromArray(SPECIES, words, base + 3, gather, 0);
            IntVector m4 = IntVector.fromArray(SPECIES, words, base + 4, gather, 0);
            IntVector m5 = IntVector.fromArray(SPECIES, words, base + 5, gather, 0);
            IntVector m6 = IntVector.fromArray(SPECIES, words, base + 6, gather, 0);
            IntVector m7 = IntVector.fromArray(SPECIES, words, base + 7, gather, 0);
            IntVector m8 = IntVector.fromArray(SPECIES, words, base + 8, gather, 0);
            IntVector m9 = IntVector.fromArray(SPECIES, words, base + 9, gather, 0);
            IntVector m10 = IntVector.fromArray(SPECIES, words, base + 10, gather, 0);
            IntVector m11 = IntVector.fromArray(SPECIES, words, base + 11, gather, 0);
            IntVector m12 = IntVector.fromArray(SPECIES, words, base + 12, gather, 0);
            IntVector m13 = IntVector.fromArray(SPECIES, words, base + 13, gather, 0);
            IntVector m14 = IntVector.fromArray(SPECIES, words, base + 14, gather, 0);
            IntVector m15 = IntVector.fromArray(SPECIES, words, base + 15, gather, 0);
            int flags = 16 | (b == 0 ? 1 : 0) | (b == 15 ? 2 : 0);
            IntVector v0 = c0;
            IntVector v1 = c1;
            IntVector v2 = c2;
            IntVector v3 = c3;
            IntVector v4 = c4;
            IntVector v5 = c5;
            IntVector v6 = c6;
            IntVector v7 = c7;
            IntVector v8 = iv0;
            IntVector v9 = iv1;
            IntVector v10 = iv2;
            IntVector v11 = iv3;
            IntVector v12 = counterLo;
            IntVector v13 = counterHi;
            IntVector v14 = blockLen;
            IntVector v15 = IntVector.broadcast(SPECIES, flags);
            v0 = v0.add(v4).add(m0); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m1); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m2); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m3); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m4); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m5); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m6); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m7); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m8); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m9); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m10); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m11); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m12); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m13); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m14); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m15); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m2); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m6); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m3); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m10); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m7); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m0); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m4); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m13); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m1); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m11); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m12); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m5); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m9); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m14); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m15); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m3); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m4); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m10); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m12); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m13); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m2); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m7); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m14); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m6); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m5); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m9); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m0); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m11); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m15); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m8); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m1); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m10); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m7); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m12); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m9); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m14); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m3); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m13); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m15); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m4); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m0); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m11); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m2); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m5); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m8); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m1); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m6); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m12); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m13); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m9); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m11); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m15); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m10); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m14); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m7); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m2); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m5); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m3); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m0); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m1); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m6); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m4); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m9); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m14); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m11); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m5); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m8); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m12); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m15); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m1); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m13); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m3); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m0); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m10); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m2); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m6); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m4); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m7); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            v0 = v0.add(v4).add(m11); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
            v0 = v0.add(v4).add(m15); v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
            v8 = v8.add(v12); v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
            v1 = v1.add(v5).add(m5); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
            v1 = v1.add(v5).add(m0); v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
            v9 = v9.add(v13); v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
            v2 = v2.add(v6).add(m1); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
            v2 = v2.add(v6).add(m9); v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
            v10 = v10.add(v14); v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
            v3 = v3.add(v7).add(m8); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
            v3 = v3.add(v7).add(m6); v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
            v11 = v11.add(v15); v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
            v0 = v0.add(v5).add(m14); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
            v0 = v0.add(v5).add(m10); v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
            v10 = v10.add(v15); v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
            v1 = v1.add(v6).add(m2); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
            v1 = v1.add(v6).add(m12); v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
            v11 = v11.add(v12); v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
            v2 = v2.add(v7).add(m3); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
            v2 = v2.add(v7).add(m4); v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
            v8 = v8.add(v13); v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
            v3 = v3.add(v4).add(m7); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
            v3 = v3.add(v4).add(m13); v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
            v9 = v9.add(v14); v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
            c0 = v0.lanewise(XOR, v8);
            c1 = v1.lanewise(XOR, v9);
            c2 = v2.lanewise(XOR, v10);
            c3 = v3.lanewise(XOR, v11);
            c4 = v4.lanewise(XOR, v12);
            c5 = v5.lanewise(XOR, v13);
            c6 = v6.lanewise(XOR, v14);
            c7 = v7.lanewise(XOR, v15);
        }
        store(c0, 0, cvs, cvOff);
        store(c1, 1, cvs, cvOff);
        store(c2, 2, cvs, cvOff);
        store(c3, 3, cvs, cvOff);
        store(c4, 4, cvs, cvOff);
        store(c5, 5, cvs, cvOff);
        store(c6, 6, cvs, cvOff);
        store(c7, 7, cvs, cvOff);
    }

    /** Word {@code w} of every lane's chaining value, to {@code cvs[cvOff + 8 * lane + w]}. */
    private void store(IntVector v, int w, int[] cvs, int cvOff) {
        v.intoArray(lanes, 0);
        for (int j = 0; j < LANES; j++) {
            cvs[cvOff + 8 * j + w] = lanes[j];
        }
    }
}
