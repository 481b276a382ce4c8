package org.chorus.federated.secure.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.chorus.federated.secure.secagg.SecAggMessage.MaskedInput;
import org.chorus.federated.secure.secagg.SecAggMessage.Setup;
import org.chorus.federated.secure.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Python nodes (chorus_fl.secagg.client, one process each, talking SecAggWire in hex over stdin and stdout)
 * and four Java clients in one SecAgg+ round against the Java server, with a Java client dropping out after
 * sharing its keys: the Python nodes must reveal its key shares so that its pair masks can be removed.
 */
class PythonNodesJoinAJavaSecAggRoundTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final List<Integer> PYTHON = List.of(2, 5);
    private static final int DROPPED = 6;

    /** One Python node: a line of hex in, a line of hex (or "dropped reason") out. */
    record Peer(Process process, Writer in, BufferedReader out) {
        SecAggMessage ask(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
            String reply = out.readLine();
            assertThat(reply).as("python node answered").isNotNull().doesNotStartWith("dropped");
            return SecAggWire.decode(HEX.parseHex(reply));
        }

        SecAggMessage ask(SecAggMessage message) throws IOException {
            return ask(HEX.formatHex(SecAggWire.encode(message)));
        }
    }

    @Test
    void pythonAndJavaClientsAggregateTheWeightedSumDespiteADropout(@TempDir Path dir) throws Exception {
        // Prepare
        Python python = Python.find("numpy");
        int[] ids = IntStream.rangeClosed(1, 6).toArray();
        SecAggConfig config = new SecAggConfig(42, ids, 4, 3, 1000, 0.5, 100, Quantizer.bitsFor(ids.length), 5);
        SecAggServer server = SecAggServer.create(config);
        SplittableRandom random = new SplittableRandom(3);
        Map<Integer, float[]> updates = new HashMap<>();
        Map<Integer, Double> weights = new HashMap<>();
        Map<Integer, SecAggClient> java = new HashMap<>();
        Map<Integer, Peer> peers = new HashMap<>();
        for (int id : ids) {
            float[] update = new float[config.dimension()];
            for (int i = 0; i < update.length; i++) {
                update[i] = (float) random.nextDouble(-0.6, 0.6); // a sixth beyond the clip range
            }
            updates.put(id, update);
            weights.put(id, (double) (10 + 13 * id));
            if (PYTHON.contains(id)) {
                Process p = python.converse(dir.resolve("python-" + id + ".log"), "secagg_peer", List.of());
                peers.put(id, new Peer(p, new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))));
            } else {
                java.put(id, SecAggClient.create(config, id));
            }
        }

        // Execute: the four stages, the dropped client going silent after sharing
        try {
            for (int id : ids) {
                server.receiveKeys(java.containsKey(id) ? java.get(id).advertiseKeys()
                        : (SecAggMessage.AdvertiseKeys) peers.get(id).ask(new Setup(id, config)));
            }
            for (var e : server.closeAdvertising().entrySet()) {
                server.receiveShares(java.containsKey(e.getKey()) ? java.get(e.getKey()).shareKeys(e.getValue())
                        : (SecAggMessage.ShareKeys) peers.get(e.getKey()).ask(e.getValue()));
            }
            for (var e : server.closeSharing().entrySet()) {
                int id = e.getKey();
                if (id == DROPPED) {
                    continue;
                }
                if (java.containsKey(id)) {
                    server.receiveMaskedInput(java.get(id).maskedInput(e.getValue(), updates.get(id), weights.get(id)));
                } else {
                    ByteBuffer update = ByteBuffer.allocate(4 * config.dimension());
                    update.asFloatBuffer().put(updates.get(id));
                    MaskedInput masked = (MaskedInput) peers.get(id).ask(HEX.formatHex(SecAggWire.encode(e.getValue())) + " "
                            + HEX.formatHex(update.array()) + " " + weights.get(id));
                    server.receiveMaskedInput(masked);
                }
            }
            for (var e : server.closeMasking().entrySet()) {
                server.receiveUnmask(java.containsKey(e.getKey()) ? java.get(e.getKey()).unmask(e.getValue())
                        : (SecAggMessage.UnmaskResponse) peers.get(e.getKey()).ask(e.getValue()));
            }
        } finally {
            for (Peer p : peers.values()) {
                p.in().close();
                Python.stop(p.process());
            }
        }
        AggregateResult result = server.finish();

        // Assert: Σ w·clip(x) and Σ w over the five that sent inputs, within the quantizer's documented bound
        assertThat(result.contributors()).containsExactly(1, 2, 3, 4, 5);
        double[] plain = new double[config.dimension()];
        double total = 0;
        for (int id : result.contributors()) {
            for (int i = 0; i < plain.length; i++) {
                plain[i] += weights.get(id) * Math.max(-0.5, Math.min(0.5, updates.get(id)[i]));
            }
            total += weights.get(id);
        }
        double tolerance = config.quantizer().valueTolerance(5) + 1e-4;
        for (int i = 0; i < plain.length; i++) {
            assertThat((double) result.weightedSum()[i]).as("coordinate %d", i).isCloseTo(plain[i], within(tolerance));
        }
        assertThat(result.totalWeight()).isCloseTo(total, within(config.quantizer().weightTolerance(5)));
    }
}
