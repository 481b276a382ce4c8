package org.chorus.federated.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorus.federated.bench.AggregationBench;
import org.chorus.federated.bench.NodeCapacityBench;
import org.chorus.federated.sim.Dataset;
import org.chorus.federated.sim.Partitioner;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.SimulationOptions;
import org.chorus.federated.sim.TrainerFactory;

/**
 * The federated benchmark, everything side by side in one run: NIID-Bench accuracy per
 * strategy × partition beside Flower's reproduction, wall time beside a plain PyTorch loop doing the
 * same training and averaging, aggregation throughput beside a plain summing loop, and idle nodes one
 * coordinator holds. Options: {@code --configs=fedavg:dir(0.5),fedprox:#c=2 --rounds=5 --epochs=10
 * --clients=10 --train-limit=N --test-limit=N --mu=0.01 --trainer=cnn|softmax --ratio=true
 * --aggregation=true --nodes=10000 --python=/usr/bin/python3}.
 */
public final class FederatedBench {
    /** Flower's reproduction of NIID-Bench (Fashion-MNIST, 10 parties, 50 rounds), final test accuracy in %. */
    static final Map<String, Double> REFERENCE = Map.ofEntries(
            Map.entry("fedavg:iid", 89.23), Map.entry("fedavg:dir(0.5)", 88.09), Map.entry("fedavg:#c=1", 28.39),
            Map.entry("fedavg:#c=2", 78.10), Map.entry("fedavg:#c=3", 82.43), Map.entry("fedprox:iid", 89.42),
            Map.entry("fedprox:dir(0.5)", 88.15), Map.entry("fedprox:#c=1", 32.65), Map.entry("fedprox:#c=2", 78.05),
            Map.entry("fedprox:#c=3", 82.99));

    private FederatedBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("configs", "fedavg:dir(0.5),fedprox:dir(0.5),fedavg:#c=2,fedprox:#c=2",
                "rounds", "5", "epochs", "10", "clients", "10", "train-limit", "60000", "test-limit", "10000", "mu", "0.01",
                "trainer", "cnn", "ratio", "true", "aggregation", "true"));
        a.put("nodes", "10000");
        a.put("python", "/usr/bin/python3");
        a.put("reference-script", "bench/federated/reference.py");
        for (String arg : args) {
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        TrainerFactory trainer = a.get("trainer").equals("cnn") ? Cnn.factory() : Simulation.softmax();
        System.out.printf(Locale.ROOT, "settings: %s%n", a);
        List<String> table = new ArrayList<>();
        table.add(String.format(Locale.ROOT, "| %-8s | %-9s | %6s | %11s | %11s | %12s |", "strategy", "partition", "rounds", "accuracy %", "Flower % (50 rounds)", "wall s"));
        for (String config : a.get("configs").split(",")) {
            String strategy = config.substring(0, config.indexOf(':'));
            String partition = config.substring(config.indexOf(':') + 1);
            Simulation.Result r = Simulation.run(options(a, strategy, partition), trainer);
            table.add(String.format(Locale.ROOT, "| %-8s | %-9s | %6s | %11.2f | %11s | %12.1f |", strategy, partition, a.get("rounds"),
                    100 * r.testAccuracy(), REFERENCE.containsKey(config) ? String.format(Locale.ROOT, "%.2f", REFERENCE.get(config)) : "-",
                    r.wallSeconds()));
            System.out.println(table.get(table.size() - 1));
        }
        List<String> lines = new ArrayList<>(table);
        if (Boolean.parseBoolean(a.get("ratio"))) {
            lines.add(timeRatio(a, trainer));
        }
        if (Boolean.parseBoolean(a.get("aggregation"))) {
            for (int size : new int[] {1_000_000, 10_000_000}) {
                AggregationBench.Figure f = AggregationBench.measure(size, size >= 10_000_000 ? 40 : 200);
                lines.add(String.format(Locale.ROOT, "aggregation %,d params: %.1f updates/s vs plain loop %.1f updates/s: ratio %.2f (goal >= 0.7)",
                        size, f.chorusUpdatesPerSecond(), f.plainUpdatesPerSecond(), f.ratio()));
            }
        }
        int nodes = Integer.parseInt(a.get("nodes"));
        if (nodes > 0) {
            NodeCapacityBench.Figure f = NodeCapacityBench.measure(nodes, 5_000, 20);
            lines.add(String.format(Locale.ROOT, "idle nodes: %,d connected, %,d heartbeats in %.0f s, %d failed, latency p50 %.0f µs p99 %.0f µs,"
                    + " coordinator heap %.1f MiB", f.nodes(), f.heartbeats(), f.seconds(), f.failures(), f.p50Micros(), f.p99Micros(),
                    f.heapBytes() / 1048576.0));
        }
        System.out.println();
        lines.forEach(System.out::println);
    }

    static SimulationOptions options(Map<String, String> a, String strategy, String partition) {
        List<String> o = new ArrayList<>(List.of("--clients=" + a.get("clients"), "--rounds=" + a.get("rounds"), "--epochs=" + a.get("epochs"),
                "--strategy=" + strategy, "--partition=" + partition, "--train-limit=" + a.get("train-limit"), "--test-limit=" + a.get("test-limit")));
        if (strategy.equals("fedprox")) {
            o.add("--param.proximal_mu=" + a.get("mu"));
        }
        return SimulationOptions.parse(o.toArray(String[]::new));
    }

    /** FedAvg on the first configuration's partition, Chorus's round loop time ÷ the plain PyTorch loop's. */
    static String timeRatio(Map<String, String> a, TrainerFactory trainer) throws Exception {
        String first = a.get("configs").split(",")[0];
        String partition = first.substring(first.indexOf(':') + 1);
        SimulationOptions o = options(a, "fedavg", partition);
        Simulation.Result chorus = Simulation.run(o, trainer);
        double chorusSeconds = chorus.task().rounds().stream().mapToDouble(r -> r.metrics().get("duration_s")).sum();
        Dataset train = Dataset.fashionMnist(o.dataDir(), "train").head(o.trainLimit());
        int[][] parts = Partitioner.parse(partition).split(train.labels(), train.classes(), o.clients(), o.seed());
        Path file = Files.createTempFile("partitions", ".txt");
        Files.write(file, java.util.Arrays.stream(parts).map(p -> IntStream.of(p).mapToObj(Integer::toString).collect(Collectors.joining(" "))).toList());
        Process p = new ProcessBuilder(a.get("python"), a.get("reference-script"), "--partitions=" + file, "--rounds=" + o.rounds(),
                "--epochs=" + o.epochs(), "--batch-size=" + o.batchSize(), "--lr=" + o.lr(), "--momentum=" + o.momentum(),
                "--train-limit=" + o.trainLimit(), "--test-limit=" + o.testLimit(), "--data=" + o.dataDir()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 || !out.contains("wall_s=")) {
            return "time ratio: plain PyTorch loop failed: " + out;
        }
        String last = out.lines().reduce((x, y) -> y).orElse("");
        double torchSeconds = Double.parseDouble(last.substring(last.indexOf("wall_s=") + 7).trim());
        String torchAccuracy = last.substring(last.indexOf("accuracy=") + 9, last.indexOf(' '));
        return String.format(Locale.ROOT, "time (fedavg, %s, %d rounds): chorus round loop %.1f s (accuracy %.4f) vs plain PyTorch loop %.1f s (accuracy %s): ratio %.2f",
                partition, o.rounds(), chorusSeconds, chorus.testAccuracy(), torchSeconds, torchAccuracy, chorusSeconds / torchSeconds);
    }
}
