package org.chorus.federated;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.chorus.federated.tensor.Safetensors;

/** One secure round (plain SecAgg, clip 1, maxWeight 100, 5 s a stage) over scripted nodes, over real gRPC. */
final class ScriptedRound {
    static final double MAX_WEIGHT = 100;

    private ScriptedRound() {}

    record Outcome(Coordinator.TaskView task, List<SecAggNode> nodes, float[] published, Map<String, Double> metrics) {}

    /** One round of plain SecAgg over nodes scripted by {@code scripts}, added to {@code started} as they register. */
    static Outcome run(Path dir, int nodes, int minClients, int groupSize, IntFunction<SecAggNode.Script> scripts, List<SecAggNode> started) throws Exception {
        return run(dir, "fedavg", nodes, minClients, groupSize, scripts, started);
    }

    static Outcome run(Path dir, String strategy, int nodes, int minClients, int groupSize, IntFunction<SecAggNode.Script> scripts,
                       List<SecAggNode> started) throws Exception {
        try (Fixtures f = new Fixtures(dir); Coordinator coordinator = f.start(); FederatedServer server = FederatedServer.tcp(coordinator, 0)) {
            String token = coordinator.createFederation("clinics");
            ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
            for (int i = 1; i <= nodes; i++) {
                started.add(new SecAggNode(channel, "clinics", token, i, scripts.apply(i)));
            }
            TaskSpec spec = TaskSpec.builder("clinics", "secure", Fixtures.BASE, "main").publishTo("org/secure")
                    .strategy(strategy, Map.of()).rounds(1).clients(nodes, minClients, 1.0).roundTimeoutMs(5_000).maxAttempts(1)
                    .evaluateEvery(0).secureAggregation(new SecureAggregation("secagg", 1.0, MAX_WEIGHT, groupSize)).build();
            String taskId = coordinator.startTask(spec);
            Coordinator.TaskView done = coordinator.await(taskId, Duration.ofSeconds(60));
            for (SecAggNode n : started) {
                n.stop();
            }
            channel.shutdownNow();
            float[] published = done.status().equals("completed")
                    ? Safetensors.read(f.hub.read("org/secure", "main", "model.safetensors")).weights().values() : null;
            Map<String, Double> metrics = done.rounds().isEmpty() ? Map.of() : done.rounds().getLast().metrics();
            return new Outcome(done, started, published, metrics);
        }
    }

    /** initial + Σ w·Δ / Σ w over the nodes expected to contribute, in double. */
    static float[] expected(List<SecAggNode> contributors) {
        float[] global = contributors.getFirst().contributions.get(1L).global();
        double[] sum = new double[global.length];
        double total = 0;
        for (SecAggNode n : contributors) {
            SecAggNode.Contribution c = n.contributions.get(1L);
            for (int j = 0; j < sum.length; j++) {
                sum[j] += c.weight() * (double) c.delta()[j];
            }
            total += c.weight();
        }
        float[] out = new float[global.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) (global[j] + sum[j] / total);
        }
        return out;
    }

}
