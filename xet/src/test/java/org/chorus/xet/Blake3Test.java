package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;

/** Our fast BLAKE3 against BouncyCastle's reference implementation, over lengths that cross every tree shape. */
class Blake3Test {
    static byte[] bouncyCastle(byte[] key, byte[] data, int off, int len) {
        Blake3Digest d = new Blake3Digest(256);
        d.init(Blake3Parameters.key(key));
        d.update(data, off, len);
        byte[] out = new byte[32];
        d.doFinal(out, 0);
        return out;
    }

    @Property(tries = 300)
    void agreesWithBouncyCastleOnAnyLengthAndOffset(@ForAll @IntRange(max = 140_000) int length,
            @ForAll @IntRange(max = 7) int offset, @ForAll long seed) {
        // Prepare
        byte[] data = SplitMix.randomData(length + offset, seed);

        // Execute
        byte[] ours = new Blake3(Hashing.DATA_KEY).hash(data, offset, length);

        // Assert
        assertThat(ours).isEqualTo(bouncyCastle(Hashing.DATA_KEY, data, offset, length));
    }

    @org.junit.jupiter.api.Test
    void simdPathAgreesWithBouncyCastleOnceWarm() throws InterruptedException {
        // Prepare: tests run with the Vector API; wait until the warm-up thread switches BLAKE3 to SIMD.
        assertThat(VectorSupport.start()).isTrue();
        for (int i = 0; i < 1200 && !VectorSupport.ready(); i++) {
            Thread.sleep(100);
        }
        assertThat(VectorSupport.ready()).isTrue();
        Blake3 hasher = new Blake3(Hashing.DATA_KEY);
        for (int length : new int[] {2048, 2049, 17 * 1024, 65536, 100_001, 131072}) {
            byte[] data = SplitMix.randomData(length, length);

            // Execute
            byte[] ours = hasher.hash(data, 0, length);

            // Assert
            assertThat(ours).as("length %d", length).isEqualTo(bouncyCastle(Hashing.DATA_KEY, data, 0, length));
        }
    }

    @Property(tries = 200)
    void theSimdPathAgreesWithBouncyCastleOnAnyLength(@ForAll @IntRange(max = 300_000) int length) {
        // Up to 293 chunks: every level-by-level tree shape of a Xet chunk (at most 128), and the stacked path beyond.
        assertThat(VectorSupport.start()).isTrue();
        byte[] data = SplitMix.randomData(length, length);
        assertThat(new Blake3(Hashing.DATA_KEY).hash(data, 0, length, true)).as("length %d", length)
                .isEqualTo(bouncyCastle(Hashing.DATA_KEY, data, 0, length));
    }

    @Property(tries = 50)
    void agreesAtChunkAndBlockEdges(@ForAll("edges") int length) {
        byte[] data = SplitMix.randomData(length, length);
        assertThat(new Blake3(Hashing.INTERNAL_NODE_KEY).hash(data, 0, length))
                .isEqualTo(bouncyCastle(Hashing.INTERNAL_NODE_KEY, data, 0, length));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> edges() {
        return net.jqwik.api.Arbitraries.of(0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 2049, 3072, 4096, 4097, 8192,
                65536, 65537, 131072);
    }
}
