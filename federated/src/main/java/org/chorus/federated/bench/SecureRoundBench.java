package org.chorus.federated.bench;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.core.FileTrees;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.federated.Coordinator;
import org.chorus.federated.FederatedServer;
import org.chorus.federated.InMemoryHub;
import org.chorus.federated.InMemoryTracking;
import org.chorus.federated.ModelStore;
import org.chorus.federated.SecureAggregation;
import org.chorus.federated.TaskSpec;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/**
 * What secure aggregation costs a round: N SDK nodes (in-process gRPC, trivial training) run the same task plain
 * and under SecAgg+, in the same run; we report mean round time and bytes per round of each and their ratio.
 */
public final class SecureRoundBench {
    /** Mean seconds and bytes (in + out) per round of one task. */
    public record Figure(double seconds, double bytes) {}

    private SecureRoundBench() {}

    public static Figure measure(int nodes, int dimension, int rounds, SecureAggregation secure) throws Exception {
        Path dir = Files.createTempDirectory("chorus-fl-secagg");
        InMemoryHub hub = new InMemoryHub();
        hub.put("bench/base", "main", "model.safetensors", Safetensors.write(
                new Weights(ModelLayout.of(List.of(new TensorSpec("w", new long[] {dimension}))), new float[dimension]), Map.of()));
        String name = "secagg-bench-" + dir.getFileName();
        try (Database db = Database.open(DatabaseUrl.sqlite(dir.resolve("bench.db")));
             Coordinator c = Coordinator.start(db, new Coordinator.Ports(hub, hub, new InMemoryTracking(), ModelStore.inMemory()),
                     new Coordinator.CoordinatorConfig(1_000, 10, 1_000_000), Clock.systemUTC())) {
            FederatedServer server = FederatedServer.inProcess(c, name);
            List<ManagedChannel> channels = new ArrayList<>();
            List<FederatedClient> clients = new ArrayList<>();
            try {
                String token = c.createFederation("bench");
                for (int i = 0; i < nodes; i++) {
                    channels.add(InProcessChannelBuilder.forName(name).build());
                    clients.add(FederatedClient.builder(channels.getLast()).federation("bench", token).nodeName("node-" + i)
                            .trainer(new Step(i + 1)).backoff(20, 200).build().start());
                }
                TaskSpec spec = TaskSpec.builder("bench", "bench", "bench/base", "main").rounds(rounds).clients(nodes, nodes, 1.0)
                        .roundTimeoutMs(120_000).evaluateEvery(0).secureAggregation(secure).build();
                Coordinator.TaskView done = c.await(c.startTask(spec), Duration.ofMinutes(30));
                if (!done.status().equals("completed")) {
                    throw new IllegalStateException("benchmark task ended " + done.status() + ": " + done.message());
                }
                double seconds = done.rounds().stream().mapToDouble(r -> r.metrics().get("duration_s")).average().orElseThrow();
                double bytes = done.rounds().stream().mapToDouble(r -> r.bytesIn() + r.bytesOut()).average().orElseThrow();
                return new Figure(seconds, bytes);
            } finally {
                clients.forEach(FederatedClient::close);
                channels.forEach(ManagedChannel::shutdownNow);
                server.close();
            }
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** Moves every weight by a small node-specific step on 10·i examples. */
    private record Step(int i) implements LocalTrainer {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            NamedTensor t = weights.getFirst();
            float[] next = t.values().clone();
            for (int j = 0; j < next.length; j++) {
                next[j] += 0.001f * i * ((j % 5) - 2);
            }
            return new FitResult(List.of(new NamedTensor(t.name(), t.shape(), next)), 10L * i, Map.of());
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(1, Map.of());
        }
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int dimension = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Figure plain = measure(nodes, dimension, rounds, null);
        Figure secure = measure(nodes, dimension, rounds, new SecureAggregation("secagg+", 1.0, 1_000, 0));
        System.out.printf(Locale.ROOT, "secure round, %d nodes, %,d params: plain %.2f s %.2f MB, secagg+ %.2f s %.2f MB a round: "
                        + "time ratio %.2f, bytes ratio %.3f%n", nodes, dimension, plain.seconds(), plain.bytes() / 1e6,
                secure.seconds(), secure.bytes() / 1e6, secure.seconds() / plain.seconds(), secure.bytes() / plain.bytes());
    }
}
