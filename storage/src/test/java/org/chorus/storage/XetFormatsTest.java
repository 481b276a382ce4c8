package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.Test;

/** Hash strings and shards as the Xet spec lays them out (Merkle trees: chorus-xet's HashingTest). */
class XetFormatsTest {
    @Test
    void printsHashesAsLittleEndianWordsLikeTheXetApi() {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) i;
        }
        // The spec's example string drops two bytes of the third word; this is its procedure applied exactly.
        assertThat(XorbHash.of(b).hex()).isEqualTo("0706050403020100" + "0f0e0d0c0b0a0908" + "1716151413121110"
                + "1f1e1d1c1b1a1918");
        assertThat(XorbHash.fromHex(XorbHash.of(b).hex())).isEqualTo(XorbHash.of(b));
        assertThat(FileHash.of(b)).isNotEqualTo(XorbHash.of(b));
    }

    @Test
    void shardsRoundTripWithAndWithoutFooter() {
        XorbHash x = XorbHash.of(SplitMix.randomData(32, 1));
        List<Term> terms = List.of(new Term(x, 0, 3, 3000), new Term(x, 5, 6, 700));
        var withAll = new ShardFormat.ShardFile(FileHash.of(SplitMix.randomData(32, 2)), terms,
                List.of(SplitMix.randomData(32, 3), SplitMix.randomData(32, 4)), Sha256.of(SplitMix.randomData(32, 5)));
        var bare = new ShardFormat.ShardFile(FileHash.of(SplitMix.randomData(32, 6)), terms.subList(0, 1), List.of(), null);
        var xorb = new ShardFormat.ShardXorb(x, List.of(ChunkHash.of(SplitMix.randomData(32, 7))), new int[] {3000}, 3008);
        for (boolean footer : new boolean[] {true, false}) {
            byte[] bytes = ShardFormat.write(List.of(withAll, bare), List.of(xorb), footer);
            ShardFormat.Shard back = ShardFormat.read(bytes, "shard");
            assertThat(back.files()).hasSize(2);
            assertThat(back.files().get(0).terms()).isEqualTo(terms);
            assertThat(back.files().get(0).sha256()).isEqualTo(withAll.sha256());
            assertThat(back.files().get(0).verification().get(1)).isEqualTo(withAll.verification().get(1));
            assertThat(back.files().get(1).sha256()).isNull();
            assertThat(back.xorbs().getFirst().chunks()).isEqualTo(xorb.chunks());
            assertThat(bytes.length).isEqualTo(48 + 48 * 6 + 48 * 2 + 48 + 48 * 2 + 48 + (footer ? 200 : 0));
            assertThat(Arrays.copyOf(bytes, 14)).isEqualTo("HFRepoMetaData".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void truncatedShardsAreReportedAsCorrupt() {
        var f = new ShardFormat.ShardFile(FileHash.of(new byte[32]), List.of(new Term(XorbHash.of(new byte[32]), 0, 1, 5)),
                List.of(), null);
        byte[] bytes = ShardFormat.write(List.of(f), List.of(), false);
        for (int cut : new int[] {0, 10, 47, 100, bytes.length - 1}) {
            assertThatThrownBy(() -> ShardFormat.read(Arrays.copyOf(bytes, cut), "shard"))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
        }
    }
}
