package org.chorus.federated.sim;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simulation's settings. Defaults follow NIID-Bench: 10 clients, all per round, 50 rounds, 10 local
 * epochs, batch 64, SGD lr 0.01 momentum 0.9, FedAvg, Dirichlet(0.5).
 */
public record SimulationOptions(Path dataDir, int clients, int clientsPerRound, int rounds, String strategy,
                                Map<String, Double> strategyParams, String partition, int epochs, int batchSize, double lr,
                                double momentum, long seed, int trainLimit, int testLimit, long roundTimeoutMs) {

    public static SimulationOptions defaults() {
        return new SimulationOptions(Dataset.DEBIAN_FASHION_MNIST, 10, 10, 50, "fedavg", Map.of(), "dir(0.5)", 10, 64, 0.01, 0.9,
                1, Integer.MAX_VALUE, Integer.MAX_VALUE, 3_600_000);
    }

    /** Parses {@code --clients=10 --rounds=5 --strategy=fedprox --param.proximal_mu=0.01 --partition=#c=2 ...}. */
    public static SimulationOptions parse(String... args) {
        SimulationOptions d = defaults();
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, Double> params = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options look like --key=value: " + arg);
            }
            String key = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            if (key.startsWith("param.")) {
                params.put(key.substring(6), Double.parseDouble(value));
            } else {
                a.put(key, value);
            }
        }
        int clients = Integer.parseInt(a.getOrDefault("clients", Integer.toString(d.clients())));
        SimulationOptions o = new SimulationOptions(Path.of(a.getOrDefault("data", d.dataDir().toString())), clients,
                Integer.parseInt(a.getOrDefault("clients-per-round", Integer.toString(clients))),
                Integer.parseInt(a.getOrDefault("rounds", Integer.toString(d.rounds()))), a.getOrDefault("strategy", d.strategy()),
                params, a.getOrDefault("partition", d.partition()), Integer.parseInt(a.getOrDefault("epochs", Integer.toString(d.epochs()))),
                Integer.parseInt(a.getOrDefault("batch-size", Integer.toString(d.batchSize()))),
                Double.parseDouble(a.getOrDefault("lr", Double.toString(d.lr()))),
                Double.parseDouble(a.getOrDefault("momentum", Double.toString(d.momentum()))),
                Long.parseLong(a.getOrDefault("seed", Long.toString(d.seed()))),
                Integer.parseInt(a.getOrDefault("train-limit", Integer.toString(d.trainLimit()))),
                Integer.parseInt(a.getOrDefault("test-limit", Integer.toString(d.testLimit()))),
                Long.parseLong(a.getOrDefault("round-timeout-ms", Long.toString(d.roundTimeoutMs()))));
        a.keySet().removeAll(java.util.Set.of("data", "clients", "clients-per-round", "rounds", "strategy", "partition", "epochs",
                "batch-size", "lr", "momentum", "seed", "train-limit", "test-limit", "round-timeout-ms"));
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + a.keySet());
        }
        return o;
    }
}
