package org.chorus.federated.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * The safetensors format: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data. We read F32, F64, F16 and BF16 (all
 * turned into floats) and write F32, tensors in layout order.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    /** A file's weights and its {@code __metadata__} strings. */
    public record File(Weights weights, Map<String, String> metadata) {}

    private Safetensors() {}

    public static byte[] write(Weights weights, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        ModelLayout layout = weights.layout();
        long offset = 0;
        for (TensorSpec t : layout.tensors()) {
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.size() * 4;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.asFloatBuffer().put(weights.values());
        return out.array();
    }

    public static File read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 8) {
            throw corrupt("shorter than its header length");
        }
        long headerLength = in.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw corrupt("header length " + headerLength + " does not fit a " + bytes.length + "-byte file");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw corrupt("header is not JSON: " + e.getMessage());
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, String> metadata = new LinkedHashMap<>();
        record Entry(TensorSpec spec, String dtype, long begin, long end) {}
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode v = e.getValue();
            long[] shape = new long[v.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = whole(v.path("shape").get(i), "tensor " + e.getKey() + " has a shape that is not of whole numbers");
            }
            TensorSpec spec = new TensorSpec(e.getKey(), shape);
            String dtype = v.path("dtype").asText();
            String offsets = "tensor " + e.getKey() + " has data offsets that do not match its shape and dtype";
            long begin = whole(v.path("data_offsets").path(0), offsets);
            long end = whole(v.path("data_offsets").path(1), offsets);
            long length;
            try {
                length = Math.multiplyExact(spec.size(), width(dtype));
            } catch (ArithmeticException overflow) {
                throw corrupt(offsets);
            }
            if (end < begin || dataStart + end > bytes.length || end - begin != length) {
                throw corrupt(offsets);
            }
            entries.add(new Entry(spec, dtype, begin, end));
        }
        entries.sort((a, b) -> Long.compare(a.begin, b.begin));
        ModelLayout layout = ModelLayout.of(entries.stream().map(Entry::spec).toList());
        float[] values = new float[layout.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            decode(in, dataStart + (int) e.begin, e.dtype, values, layout.offset(i), (int) e.spec.size());
        }
        return new File(new Weights(layout, values), metadata);
    }

    private static int width(String dtype) {
        return switch (dtype) {
            case "F32" -> 4;
            case "F64" -> 8;
            case "F16", "BF16" -> 2;
            default -> throw corrupt("dtype " + dtype + " is not a floating-point type we read");
        };
    }

    private static void decode(ByteBuffer in, int at, String dtype, float[] out, int to, int n) {
        switch (dtype) {
            case "F32" -> in.slice(at, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, to, n);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[to + i] = (float) in.getDouble(at + 8 * i);
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[to + i] = Float.float16ToFloat(in.getShort(at + 2 * i));
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[to + i] = Float.intBitsToFloat((in.getShort(at + 2 * i) & 0xffff) << 16);
                }
            }
            default -> throw corrupt("dtype " + dtype);
        }
    }

    /** A non-negative whole number of the header (a dimension, an offset), else the file is refused with {@code why}. */
    private static long whole(JsonNode n, String why) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw corrupt(why);
        }
        return n.longValue();
    }

    private static ChorusException corrupt(String why) {
        return new ChorusException(ErrorCode.INVALID_ARGUMENT, "not a valid safetensors file: " + why);
    }
}
