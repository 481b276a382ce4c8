package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.Test;

/** Each Xet compression scheme round-trips, is chosen where it pays, and damaged chunks are reported. */
class ChunkCodecTest {
    static byte[] floats(int n) {
        SplittableRandom r = new SplittableRandom(1);
        byte[] b = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits((float) (r.nextGaussian() * 0.02));
            b[4 * i] = (byte) bits;
            b[4 * i + 1] = (byte) (bits >>> 8);
            b[4 * i + 2] = (byte) (bits >>> 16);
            b[4 * i + 3] = (byte) (bits >>> 24);
        }
        return b;
    }

    static byte[] roundTrip(byte[] encoded, int rawSize) {
        byte[] out = new byte[rawSize];
        assertThat(ChunkCodec.decode(encoded, 0, encoded.length, out, 0, "test")).isEqualTo(rawSize);
        return out;
    }

    @Test
    void picksTheSchemeThatFitsTheContentAndDecodesIt() {
        byte[] text = "the same words again and again, ".repeat(2000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tensor = floats(16_000);
        byte[] random = SplitMix.randomData(65_536, 1);
        var auto = StorageConfig.Compression.AUTO;

        byte[] t = ChunkCodec.encode(text, 0, text.length, auto);
        byte[] f = ChunkCodec.encode(tensor, 0, tensor.length, auto);
        byte[] r = ChunkCodec.encode(random, 0, random.length, auto);

        assertThat(t[4]).isEqualTo((byte) ChunkCodec.LZ4);
        assertThat(f[4]).isEqualTo((byte) ChunkCodec.BG4_LZ4);
        assertThat(r[4]).isEqualTo((byte) ChunkCodec.NONE);
        assertThat(f.length).isLessThan(ChunkCodec.encode(tensor, 0, tensor.length, StorageConfig.Compression.LZ4).length);
        assertThat(roundTrip(t, text.length)).isEqualTo(text);
        assertThat(roundTrip(f, tensor.length)).isEqualTo(tensor);
        assertThat(roundTrip(r, random.length)).isEqualTo(random);
    }

    @Test
    void byteGroupingHandlesLengthsThatAreNotMultiplesOfFour() {
        for (int len = 0; len < 13; len++) {
            byte[] data = SplitMix.randomData(len, len);
            byte[] grouped = new byte[len];
            byte[] back = new byte[len];
            ByteGrouping.split(data, 0, len, grouped);
            ByteGrouping.join(grouped, len, back, 0);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void damagedCompressedChunksAreDataCorrupted() {
        byte[] text = "abcabcabcabc".repeat(500).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] encoded = ChunkCodec.encode(text, 0, text.length, StorageConfig.Compression.LZ4);
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 5);
        byte[] badMagic = encoded.clone();
        badMagic[ChunkCodec.HEADER] ^= 1;
        for (byte[] bad : new byte[][] {truncated, badMagic}) {
            assertThatThrownBy(() -> ChunkCodec.decode(bad, 0, bad.length, new byte[text.length], 0, "xorbs/x"))
                    .isInstanceOf(ChorusException.class).hasMessageContaining("xorbs/x")
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
        }
    }
}
