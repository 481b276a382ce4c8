package org.chorus.hub.repos;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;

/**
 * Reads a safetensors header (format: 8-byte little-endian header length N, N bytes of JSON mapping tensor names to
 * {@code {dtype, shape, data_offsets}} plus an optional {@code __metadata__} of strings, then the tensor bytes) and
 * checks it as the format's own reader does: known dtypes, offsets inside the data, sizes that match the shapes.
 */
final class SafetensorsHeader {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 20).maxNumberLength(40).build())
            .build());
    /** Bits per element of each dtype the format defines. */
    private static final Map<String, Integer> BITS = Map.ofEntries(Map.entry("BOOL", 8), Map.entry("U8", 8), Map.entry("I8", 8),
            Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8), Map.entry("F8_E8M0", 8), Map.entry("F4", 4), Map.entry("F6_E2M3", 6),
            Map.entry("F6_E3M2", 6), Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32), Map.entry("I64", 64), Map.entry("U64", 64),
            Map.entry("F64", 64), Map.entry("C64", 64));

    private SafetensorsHeader() {}

    /** The header length the first 8 bytes give, refused unless it fits the file and the limit. */
    static long length(byte[] first8, long fileSize, long limit) {
        if (first8.length != 8) {
            throw bad("the file is shorter than a safetensors header");
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (first8[i] & 0xff);
        }
        if (n < 2 || n > limit || n > fileSize - 8) {
            throw bad("header length " + Long.toUnsignedString(n) + " is not between 2 and " + Math.min(limit, fileSize - 8) + " bytes");
        }
        return n;
    }

    static FileViews.SafetensorsSummary parse(byte[] header, long fileSize) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            throw bad("the header is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad("the header is not a JSON object");
        }
        long dataBytes = fileSize - 8 - header.length;
        List<FileViews.Tensor> tensors = new ArrayList<>();
        Map<String, Long> byDtype = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long total = 0;
        for (var it = root.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("__metadata__")) {
                metadata = metadata(e.getValue());
                continue;
            }
            FileViews.Tensor t = tensor(e.getKey(), e.getValue(), dataBytes);
            tensors.add(t);
            byDtype.merge(t.dtype(), t.parameters(), Math::addExact);
            total = Math.addExact(total, t.parameters());
        }
        return new FileViews.SafetensorsSummary(header.length, total, byDtype, tensors, metadata);
    }

    private static FileViews.Tensor tensor(String name, JsonNode t, long dataBytes) {
        String dtype = t.path("dtype").asText("");
        Integer bits = BITS.get(dtype);
        if (bits == null) {
            throw bad("tensor '" + printable(name) + "' has an unknown dtype");
        }
        JsonNode shape = t.path("shape");
        JsonNode offsets = t.path("data_offsets");
        if (!shape.isArray() || shape.size() > 64 || !offsets.isArray() || offsets.size() != 2) {
            throw bad("tensor '" + printable(name) + "' needs a shape and two data_offsets");
        }
        List<Long> dims = new ArrayList<>();
        long count = 1;
        try {
            for (JsonNode d : shape) {
                if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.asLong() < 0) {
                    throw bad("tensor '" + printable(name) + "' has a dimension that is not a whole number of zero or more");
                }
                dims.add(d.asLong());
                count = Math.multiplyExact(count, d.asLong());
            }
            long begin = offset(name, offsets.get(0));
            long end = offset(name, offsets.get(1));
            long bytes = Math.multiplyExact(count, (long) bits) / 8;
            if (begin > end || end > dataBytes || end - begin != bytes) {
                throw bad("tensor '" + printable(name) + "' has data_offsets that do not fit its shape and dtype or the file");
            }
        } catch (ArithmeticException e) {
            throw bad("tensor '" + printable(name) + "' is too large");
        }
        return new FileViews.Tensor(name, dtype, List.copyOf(dims), count);
    }

    private static long offset(String name, JsonNode n) {
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
            throw bad("tensor '" + printable(name) + "' has an offset that is not a whole number of zero or more");
        }
        return n.asLong();
    }

    private static Map<String, String> metadata(JsonNode m) {
        if (!m.isObject()) {
            throw bad("__metadata__ must map names to strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = m.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw bad("__metadata__ must map names to strings");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String printable(String s) {
        String p = s.replaceAll("\\p{Cntrl}", "?");
        return p.length() > 100 ? p.substring(0, 100) + "…" : p;
    }

    private static ChorusException bad(String why) {
        return ChorusException.invalid("not a valid safetensors file: " + why);
    }
}
