package org.chorus.client.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;
import org.chorus.federated.secure.testing.Noise;
import org.chorus.federated.secure.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python node's client-side privacy (clients/python/chorus_fl/privacy.py) against {@link ClientPrivacy}: the same
 * received and trained weights and settings go to both. Clipping must agree bit for bit (the sent weights and the
 * {@code dp_unclipped} bit), so must refusals, and the Python node's local DP noise must have the variance (σC)².
 * src/test/python/privacy_vectors.py computes the Python side from the inputs alone.
 */
class PythonClipsAsTheJavaSdkTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final double C = 1.5;

    @TempDir
    Path dir;

    private final Random random = new Random(2027);
    /** Coordinate 0 is 0.5 so that the case "exact" moves it to exactly 2.0, Δ = C. */
    private final List<NamedTensor> received = List.of(tensor("a", new long[] {100, 100}, 0, j -> j == 0 ? 0.5 : random.nextGaussian()),
            tensor("b", new long[] {10_000}, 10_000, j -> random.nextFloat() * 2 - 1));
    private final Map<String, LocalTrainer.FitResult> trained = new TreeMap<>();
    private final Map<String, Config> configs = new TreeMap<>();

    private NamedTensor tensor(String name, long[] shape, int from, IntToDoubleFunction value) {
        float[] v = new float[(int) Arrays.stream(shape).reduce(1, (x, y) -> x * y)];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) value.applyAsDouble(from + j);
        }
        return new NamedTensor(name, shape, v);
    }

    /** A case: the received weights moved by {@code delta} (of the coordinate's index over both tensors), and its settings. */
    private void addCase(String name, IntToDoubleFunction delta, Map<String, Object> config) {
        List<NamedTensor> out = new ArrayList<>();
        int from = 0;
        for (NamedTensor t : received) {
            int offset = from;
            out.add(tensor(t.name(), t.shape(), 0, j -> t.values()[j] + (float) delta.applyAsDouble(offset + j)));
            from += t.values().length;
        }
        trained.put(name, new LocalTrainer.FitResult(out, 5, Map.of("loss", 0.3)));
        configs.put(name, new Config(config));
    }

    private static String hex(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length); // big-endian
        b.asFloatBuffer().put(values);
        return HEX.formatHex(b.array());
    }

    private static float[] floats(String hex) {
        float[] out = new float[hex.length() / 8];
        ByteBuffer.wrap(HEX.parseHex(hex)).asFloatBuffer().get(out);
        return out;
    }

    /** Runs privacy_vectors.py over the cases added and returns its "name value" lines. */
    private Map<String, String> python() throws Exception {
        Python python = Python.find("grpc", "google.protobuf", "numpy");
        List<String> lines = new ArrayList<>();
        for (NamedTensor t : received) {
            lines.add("shape." + t.name() + " " + String.join(",", Arrays.stream(t.shape()).mapToObj(Long::toString).toList()));
            lines.add("received." + t.name() + " " + hex(t.values()));
        }
        trained.forEach((name, r) -> r.weights().forEach(t -> lines.add("trained." + name + "." + t.name() + " " + hex(t.values()))));
        configs.forEach((name, c) -> c.values().forEach((k, v) -> lines.add("config." + name + "." + k + " " + v)));
        Path in = dir.resolve("inputs.txt");
        Files.write(in, lines);
        Map<String, String> out = new TreeMap<>();
        python.run(dir.resolve("python.log"), "privacy_vectors", List.of(in.toString()), 300).lines()
                .forEach(l -> out.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        return out;
    }

    @Test
    void pythonClipsBitForBitAsTheJavaSdk() throws Exception {
        // Prepare: Δ far beyond C, well within it, exactly C (one coordinate); no dp_mode, an unknown one, no clip norm
        addCase("beyond", j -> random.nextGaussian(), Map.of("dp_mode", "clip", "dp_clip_norm", C));
        addCase("within", j -> 1e-3 * random.nextGaussian(), Map.of("dp_mode", "clip", "dp_clip_norm", C));
        addCase("exact", j -> j == 0 ? C : 0, Map.of("dp_mode", "clip", "dp_clip_norm", C));
        addCase("none", j -> random.nextGaussian(), Map.of("lr", 0.1));
        addCase("unknown", j -> random.nextGaussian(), Map.of("dp_mode", "gaussian", "dp_clip_norm", C));
        addCase("noclip", j -> random.nextGaussian(), Map.of("dp_mode", "clip"));

        // Execute
        Map<String, String> computed = python();

        // Assert: what Python sends is exactly what the Java SDK sends
        Map<String, String> expected = new TreeMap<>();
        ClientPrivacy privacy = new ClientPrivacy(new Random(1));
        trained.forEach((name, t) -> {
            try {
                LocalTrainer.FitResult r = privacy.apply(received, t, configs.get(name));
                r.weights().forEach(w -> expected.put(name + "." + w.name(), hex(w.values())));
                Double bit = r.metrics().get(ClientPrivacy.UNCLIPPED);
                expected.put(name + ".bit", bit == null ? "none" : bit.toString());
                expected.put(name + ".same", r == t ? "True" : "False");
            } catch (IllegalStateException | IllegalArgumentException e) {
                expected.put(name + ".error", "refused");
            }
        });
        assertThat(expected).containsEntry("beyond.bit", "0.0").containsEntry("within.bit", "1.0").containsEntry("exact.bit", "1.0")
                .containsEntry("none.same", "True").containsKeys("unknown.error", "noclip.error");
        Map<String, String> differences = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (!v.equals(computed.get(k))) {
                differences.put(k, difference(k, v, computed.get(k)));
            }
        });
        computed.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> differences.put(k, "only python has it"));
        assertThat(differences).isEmpty();
    }

    /** What differs between Java's and Python's value for one key, readably (a tensor is tens of kilobytes of hex). */
    private String difference(String key, String java, String python) {
        if (python == null || received.stream().noneMatch(t -> key.endsWith("." + t.name()))) {
            return "java " + java + ", python " + python;
        }
        float[] j = floats(java);
        float[] p = floats(python);
        int differ = 0;
        int first = -1;
        for (int i = 0; i < Math.min(j.length, p.length); i++) {
            if (Float.floatToRawIntBits(j[i]) != Float.floatToRawIntBits(p[i])) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        return differ + " of " + j.length + " floats differ (python has " + p.length + ")"
                + (first < 0 ? "" : ", first at " + first + ": java " + j[first] + ", python " + p[first]);
    }

    @Test
    void pythonLocalDpAddsNoiseOfSigmaTimesTheClipNormToTheClippedDelta() throws Exception {
        // Prepare: Δ far beyond C, σ = 0.5
        addCase("local", j -> random.nextGaussian(), Map.of("dp_mode", "local", "dp_clip_norm", C, "dp_noise_multiplier", 0.5));

        // Execute
        Map<String, String> computed = python();

        // Assert: Python's release minus the Java SDK's clipped update is N(0, (σC)²) per coordinate
        LocalTrainer.FitResult clipped = new ClientPrivacy(new Random(1)).apply(received, trained.get("local"),
                new Config(Map.of("dp_mode", "clip", "dp_clip_norm", C)));
        List<Double> residual = new ArrayList<>();
        for (NamedTensor t : clipped.weights()) {
            float[] noised = floats(computed.get("local." + t.name()));
            for (int j = 0; j < noised.length; j++) {
                residual.add((double) noised[j] - t.values()[j]);
            }
        }
        assertThat(residual).hasSize(20_000);
        Noise.assertNormal(residual.stream().mapToDouble(Double::doubleValue).toArray(), 0.5 * C, "the noise is centred on Java's clipped update");
        assertThat(computed).containsEntry("local.bit", "none");
    }
}
