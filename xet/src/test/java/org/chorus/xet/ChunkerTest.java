package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reference vectors from xet-core's chunking tests (also in @huggingface/xetchunk-wasm's tests). */
class ChunkerTest {
    @Test
    void matchesReferenceBoundariesAndHashesOnRandomData() {
        // Prepare
        byte[] data = SplitMix.randomData(1_000_000, 0);
        assertThat(new int[] {data[0] & 0xFF, data[127] & 0xFF, data[111111] & 0xFF}).containsExactly(175, 132, 118);

        // Execute
        List<Integer> cuts = ChunkBoundaries.of(data, 65536, data.length);
        List<String> hashes = new ArrayList<>();
        int start = 0;
        for (int cut : cuts) {
            hashes.add(Hashing.chunkHash(data, start, cut - start).hex());
            start = cut;
        }

        // Assert
        assertThat(cuts).containsExactly(84493, 134421, 144853, 243318, 271793, 336457, 467529, 494581, 582000,
                596735, 616815, 653164, 678202, 724510, 815591, 827760, 958832, 991092, 1000000);
        assertThat(hashes.getFirst()).isEqualTo("6eca1e7dadaf08cca5d82d318c800f07c2ddcec115a7e8627e5edd9605b94b8d");
        assertThat(hashes.get(9)).isEqualTo("001adc1d302d5f039278325dcbd5ec3b194f4794f1629d6f962f9f4bb78a7bff");
        assertThat(hashes.getLast()).isEqualTo("03e5b5f5a088269ec4b329f1e04debfac4cb54b9c0facf038f7e8e0f054be7e2");
    }

    @Test
    void forcesBoundariesAtMaximumOnConstantData() {
        // Prepare
        byte[] data = new byte[1_000_000];
        Arrays.fill(data, (byte) 59);

        // Execute
        List<Integer> cuts = ChunkBoundaries.of(data, 65536, data.length);

        // Assert
        assertThat(cuts).containsExactly(131072, 262144, 393216, 524288, 655360, 786432, 917504, 1000000);
    }

    @Test
    void givesSameBoundariesWhateverPiecesTheInputArrivesIn() {
        // Prepare
        byte[] data = SplitMix.randomData(256_000, 1);
        List<Integer> whole = ChunkBoundaries.of(data, 65536, data.length);

        // Execute & Assert
        for (int piece : new int[] {1, 37, 255, 8191}) {
            assertThat(ChunkBoundaries.of(data, 65536, piece)).as("piece %d", piece).isEqualTo(whole);
        }
    }

    @Test
    void refusesTargetsThatAreNotPowersOfTwoAbove128() {
        for (int target : new int[] {0, 128, 65535, -65536}) {
            assertThatThrownBy(() -> new Chunker(target)).as("target %d", target).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
