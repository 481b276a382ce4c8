package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.chorus.xet.ChunkBoundaries;
import org.chorus.xet.SplitMix;

/** Properties of content-defined chunking and of the store built on it, over random data and edits. */
class ChunkingPropertiesTest {
    /**
     * Small enough for many chunks per case, large enough that the minimum chunk (TARGET / 8) exceeds the 64-byte hash
     * window: below that a chunk's first candidate boundaries depend on where the chunk started, so two chunkings one
     * byte apart can run side by side without ever meeting (seen in CI at 256).
     */
    private static final int TARGET = 1024;

    @Property(tries = 100)
    void splittingIsDeterministicWhateverPiecesTheInputArrivesIn(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 20_000) int size, @ForAll @IntRange(min = 1, max = 3000) int piece) {
        byte[] data = SplitMix.randomData(size, seed);
        List<Integer> whole = ChunkBoundaries.of(data, TARGET, Math.max(1, size));
        assertThat(ChunkBoundaries.of(data, TARGET, piece)).isEqualTo(whole);
        assertThat(whole).allMatch(b -> b <= size);
        int previous = 0;
        for (int b : whole) {
            assertThat(b - previous).isBetween(b == size ? 1 : TARGET / 8, TARGET * 2);
            previous = b;
        }
    }

    @Property(tries = 200)
    void boundariesResynchroniseAfterAnEdit(@ForAll long seed, @ForAll @IntRange(min = 0, max = 60_000) int at,
            @ForAll @IntRange(min = 0, max = 40) int removed, @ForAll @IntRange(min = 0, max = 40) int inserted) {
        // Prepare
        byte[] data = SplitMix.randomData(120_000, seed);
        byte[] insert = SplitMix.randomData(inserted, seed + 1);
        byte[] edited = new byte[data.length - removed + inserted];
        System.arraycopy(data, 0, edited, 0, at);
        System.arraycopy(insert, 0, edited, at, inserted);
        System.arraycopy(data, at + removed, edited, at + inserted, data.length - at - removed);
        int shift = inserted - removed;

        // Execute
        List<Integer> before = ChunkBoundaries.of(data, TARGET, data.length);
        List<Integer> after = ChunkBoundaries.of(edited, TARGET, edited.length);

        // Assert: identical before the edit's chunk, and identical (shifted) from a few chunks after it.
        int settled = at + removed + 8 * TARGET * 2;
        assertThat(after.stream().filter(b -> b < at - TARGET * 2).toList())
                .isEqualTo(before.stream().filter(b -> b < at - TARGET * 2).toList());
        assertThat(after.stream().filter(b -> b - shift > settled).map(b -> b - shift).toList())
                .isEqualTo(before.stream().filter(b -> b > settled).toList());
    }

    @Property(tries = 40)
    void storeReturnsTheOriginalBytesForAnyContentAndRange(@ForAll long seed,
            @ForAll @IntRange(min = 0, max = 30_000) int size, @ForAll @IntRange(min = 0, max = 30_000) int a,
            @ForAll @IntRange(min = 0, max = 30_000) int b, @ForAll boolean repetitive) {
        byte[] data = repetitive ? repeated(size, seed) : SplitMix.randomData(size, seed);
        try (ChunkStore store = new DefaultChunkStore(new MemoryObjectStore(), ChunkStoreContract.SMALL)) {
            FileRecord r = store.ingest(new ByteArrayInputStream(data));
            assertThat(ChunkStoreContract.readAll(store.read(r.hash()))).isEqualTo(data);
            int start = Math.min(Math.min(a, b), size);
            int end = Math.min(Math.max(a, b), size);
            assertThat(ChunkStoreContract.readAll(store.read(r.hash(), start, end)))
                    .isEqualTo(java.util.Arrays.copyOfRange(data, start, end));
        }
    }

    /** Data with many repeated chunks, so files reference the same xorb chunks several times. */
    private static byte[] repeated(int size, long seed) {
        byte[] unit = SplitMix.randomData(700, seed);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i += unit.length) {
            System.arraycopy(unit, 0, out, i, Math.min(unit.length, size - i));
        }
        return out;
    }
}
