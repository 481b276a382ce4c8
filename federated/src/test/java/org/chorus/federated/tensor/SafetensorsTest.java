package org.chorus.federated.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;

class SafetensorsTest {

    @Test
    void writtenFileReadsBackWithShapesValuesAndMetadata() {
        ModelLayout layout = ModelLayout.of(List.of(new TensorSpec("conv.weight", new long[] {2, 3}), new TensorSpec("bias", new long[] {2})));
        Weights w = new Weights(layout, new float[] {1, 2, 3, 4, 5, 6, -1.5f, 0.25f});

        byte[] bytes = Safetensors.write(w, Map.of("format", "pt"));
        Safetensors.File back = Safetensors.read(bytes);

        assertThat(back.weights().layout()).isEqualTo(layout);
        assertThat(back.weights().values()).containsExactly(w.values());
        assertThat(back.metadata()).containsEntry("format", "pt");
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0) % 8).isZero();
    }

    @Test
    void readsHalfPrecisionWrittenByOthers() {
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[4,6]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 6).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f))
                .putShort((short) (Float.floatToIntBits(3f) >>> 16));

        Weights w = Safetensors.read(b.array()).weights();

        assertThat(w.tensor("h")).containsExactly(1.5f, -2f);
        assertThat(w.tensor("b")).containsExactly(3f);
    }

    @Test
    void rejectsShapesAndOffsetsThatAreNotSmallWholeNumbersAsACorruptFile() {
        for (String shape : List.of("[-1]", "[\"3\"]", "[1.5]", "[4611686018427387904,4]", "[18446744073709551617]")) {
            String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,0]}}";
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(json.length).put(json);

            assertThatThrownBy(() -> Safetensors.read(b.array())).as(shape)
                    .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("not a valid safetensors file");
        }
    }

    @Test
    void rejectsOffsetsThatDoNotMatchTheShape() {
        String header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);

        assertThatThrownBy(() -> Safetensors.read(b.array())).hasMessageContaining("data offsets");
    }
}
