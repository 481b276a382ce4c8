package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.proto.v1.InstructionKind;
import org.chorus.federated.proto.v1.ResultPart;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the coordinator's gRPC service from a node under secure aggregation, captured by an interceptor in
 * front of it, is not the node's quantized update and looks like uniform noise over Z_2^32: chi-square on the top
 * 4 bits (16 bins) of 20,000 coordinates, whose 99.9% quantile with 15 degrees of freedom is 37.70.
 */
class CoordinatorSeesOnlyMaskedInputsTest {
    private static final double CHI2_15_999 = 37.70;
    private static final int D = 20_000;

    @TempDir
    Path dir;

    /** Node i moves every weight by a small, structured step and trains on 10·i examples. */
    record Trainer(int i, Map<Long, float[]> deltas) implements LocalTrainer {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            NamedTensor t = weights.getFirst();
            float[] next = new float[t.values().length];
            float[] delta = new float[next.length];
            for (int j = 0; j < next.length; j++) {
                delta[j] = 0.01f * i * ((j % 7) - 3) / 3;
                next[j] = t.values()[j] + delta[j];
            }
            deltas.put(config.getLong("round", -1), delta);
            return new FitResult(List.of(new NamedTensor(t.name(), t.shape(), next)), 10L * i, Map.of());
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(1, Map.of());
        }
    }

    /** Records every uploaded stream's parts as they enter the service. */
    static final class Tap implements ServerInterceptor {
        final List<List<ResultPart>> uploads = new CopyOnWriteArrayList<>();

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            List<ResultPart> parts = new ArrayList<>();
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onMessage(Q message) {
                    if (message instanceof ResultPart p) {
                        parts.add(p);
                    }
                    super.onMessage(message);
                }

                @Override
                public void onHalfClose() {
                    if (!parts.isEmpty()) {
                        uploads.add(parts);
                    }
                    super.onHalfClose();
                }
            };
        }
    }

    @Test
    void theMaskedInputOfANodeIsNotItsQuantizedUpdateAndLooksUniform() throws Exception {
        // Prepare: a one-tensor model of D values, three SDK nodes behind a tapped service
        try (Fixtures f = new Fixtures(dir); Coordinator coordinator = f.start()) {
            f.hub.put("org/wide", "main", "model.safetensors", Safetensors.write(
                    new Weights(ModelLayout.of(List.of(new TensorSpec("w", new long[] {D}))), new float[D]), Map.of()));
            Tap tap = new Tap();
            Server server = NettyServerBuilder.forPort(0)
                    .addService(ServerInterceptors.intercept(new FederationService((DefaultCoordinator) coordinator), tap)).build().start();
            String token = coordinator.createFederation("labs");
            Trainer first = new Trainer(1, new ConcurrentHashMap<>());
            List<FederatedClient> clients = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                clients.add(FederatedClient.builder("localhost", server.getPort()).federation("labs", token).nodeName("lab-" + i)
                        .trainer(i == 1 ? first : new Trainer(i, new ConcurrentHashMap<>())).backoff(50, 400).build().start());
            }
            TaskSpec spec = TaskSpec.builder("labs", "wide", "org/wide", "main").strategy("fedavg", Map.of()).rounds(1)
                    .clients(3, 3, 1.0).roundTimeoutMs(20_000).evaluateEvery(0)
                    .secureAggregation(new SecureAggregation("secagg", 1.0, 100, 0)).build();

            // Execute
            Coordinator.TaskView done = coordinator.await(coordinator.startTask(spec), Duration.ofSeconds(60));
            clients.forEach(FederatedClient::close);
            server.shutdownNow();

            // Assert: node 1's masked upload (weight 10) against its plain encoding round((w/W)·Δ·(2^(b−1)−1)/R),
            // b = 30 being the widest whose sum over 3 nodes cannot wrap (⌊2^31/(2^29−1)⌋ − 1 = 3)
            assertThat(done.status()).isEqualTo("completed");
            List<ResultPart> upload = tap.uploads.stream().filter(u -> u.getFirst().getHeader().getKind() == InstructionKind.SECAGG_MASK
                    && u.getFirst().getHeader().getNumExamples() == 10).findFirst().orElseThrow();
            int[] masked = new int[D + 1];
            int at = 0;
            for (ResultPart p : upload.subList(1, upload.size())) {
                int n = p.getPiece().getData().size() / 4;
                p.getPiece().getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(masked, at, n);
                at += n;
            }
            float[] delta = first.deltas().get(1L);
            double scale = 10.0 / 100 * ((1L << 29) - 1);
            int[] plain = new int[D + 1];
            for (int j = 0; j < D; j++) {
                plain[j] = (int) Math.round(delta[j] * scale);
            }
            plain[D] = (int) Math.round(10.0 / 100 * ((1L << 29) - 1));
            int equal = 0;
            for (int j = 0; j <= D; j++) {
                equal += masked[j] == plain[j] ? 1 : 0;
            }
            assertThat(at).isEqualTo(D + 1);
            assertThat(equal).isLessThanOrEqualTo(1); // 2^-32 per coordinate by chance
            assertThat(chiSquareOfTopBits(masked)).isLessThan(CHI2_15_999);
            assertThat(chiSquareOfTopBits(plain)).isGreaterThan(1000 * CHI2_15_999);
        }
    }

    private static double chiSquareOfTopBits(int[] values) {
        long[] bins = new long[16];
        for (int j = 0; j < D; j++) {
            bins[values[j] >>> 28]++;
        }
        double expected = D / 16.0;
        double chi2 = 0;
        for (long observed : bins) {
            chi2 += (observed - expected) * (observed - expected) / expected;
        }
        return chi2;
    }
}
