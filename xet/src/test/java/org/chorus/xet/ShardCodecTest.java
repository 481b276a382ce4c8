package org.chorus.xet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shards as the Xet spec lays them out, read back as written; malformed ones refused with a reason. */
class ShardCodecTest {
    private static final XetHash XORB = new XetHash(SplitMix.randomData(32, 1));
    private static final List<ShardCodec.Term> TERMS = List.of(new ShardCodec.Term(XORB, 0, 3, 3000),
            new ShardCodec.Term(XORB, 5, 6, 700));
    private static final ShardCodec.FileInfo FILE = new ShardCodec.FileInfo(new XetHash(SplitMix.randomData(32, 2)), TERMS,
            List.of(SplitMix.randomData(32, 3), SplitMix.randomData(32, 4)), SplitMix.randomData(32, 5));
    private static final ShardCodec.CasInfo CAS = new ShardCodec.CasInfo(XORB,
            List.of(new XetHash(SplitMix.randomData(32, 7)), new XetHash(SplitMix.randomData(32, 8))), new int[] {3000, 700}, 3720);

    @Test
    void readsBackWhatItWroteWithTheFootersKey() {
        // Prepare
        byte[] key = SplitMix.randomData(32, 9);

        // Execute
        byte[] bytes = ShardCodec.write(List.of(FILE), List.of(CAS), true, key);
        ShardCodec.Shard back = ShardCodec.read(bytes);

        // Assert
        assertThat(bytes.length).isEqualTo(48 + 48 * (1 + 2 * 2 + 1) + 48 + 48 * 3 + 48 + 200);
        assertThat(back.chunkHmacKey()).isEqualTo(key);
        ShardCodec.FileInfo f = back.files().get(0);
        assertThat(f.hash()).isEqualTo(FILE.hash());
        assertThat(f.terms()).isEqualTo(TERMS);
        assertThat(f.verification()).containsExactly(FILE.verification().toArray(byte[][]::new));
        assertThat(f.sha256()).isEqualTo(FILE.sha256());
        assertThat(back.xorbs()).singleElement().satisfies(x -> {
            assertThat(x.chunks()).isEqualTo(CAS.chunks());
            assertThat(x.rawSizes()).containsExactly(3000, 700);
            assertThat(x.serializedSize()).isEqualTo(3720);
        });
    }

    @Test
    void refusesTruncatedAndForeignShards() {
        byte[] bytes = ShardCodec.write(List.of(FILE), List.of(CAS), false, new byte[32]);
        assertThat(ShardCodec.read(bytes).chunkHmacKey()).isEqualTo(new byte[32]);
        for (int cut : new int[] {0, 47, 100, 48 * 7 + 20, bytes.length - 1}) {
            assertThatThrownBy(() -> ShardCodec.read(Arrays.copyOf(bytes, cut))).as("cut at %d", cut)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shard");
        }
        byte[] foreign = bytes.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> ShardCodec.read(foreign)).hasMessage("not a version 2 Xet shard");
    }
}
