package org.chorus.federated.sim;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.chorus.federated.PrivacySpec;

/**
 * A simulation's settings. Defaults follow NIID-Bench: 10 clients, all per round, 50 rounds, 10 local
 * epochs, batch 64, SGD lr 0.01 momentum 0.9, FedAvg, Dirichlet(0.5). A fraction {@code byzantine} of
 * the clients runs {@code attack} (see {@link Attack}); {@code normBound} and {@code privacy} (null: none)
 * are the task's defences.
 */
public record SimulationOptions(Path dataDir, int clients, int clientsPerRound, int rounds, String strategy,
                                Map<String, Double> strategyParams, String partition, int epochs, int batchSize, double lr,
                                double momentum, long seed, int trainLimit, int testLimit, long roundTimeoutMs,
                                double byzantine, Attack attack, double normBound, PrivacySpec privacy) {

    private static final Set<String> KEYS = Set.of("data", "clients", "clients-per-round", "rounds", "strategy", "partition", "epochs",
            "batch-size", "lr", "momentum", "seed", "train-limit", "test-limit", "round-timeout-ms", "byzantine", "attack", "norm-bound",
            "dp-mode", "dp-noise", "dp-clip", "dp-delta", "dp-budget", "dp-client-clip");

    public SimulationOptions {
        if (!(byzantine >= 0 && byzantine < 1)) {
            throw new IllegalArgumentException("byzantine is the fraction of attacking clients, in [0, 1): " + byzantine);
        }
    }

    public static SimulationOptions defaults() {
        return new SimulationOptions(Dataset.DEBIAN_FASHION_MNIST, 10, 10, 50, "fedavg", Map.of(), "dir(0.5)", 10, 64, 0.01, 0.9,
                1, Integer.MAX_VALUE, Integer.MAX_VALUE, 3_600_000, 0, Attack.SIGN_FLIP, 0, null);
    }

    /** The number of Byzantine clients: client-0 … client-(n−1). */
    public int byzantineClients() {
        return (int) Math.round(byzantine * clients);
    }

    /**
     * Parses {@code --clients=10 --rounds=5 --strategy=fedprox --param.proximal_mu=0.01 --partition=#c=2 ...},
     * {@code --byzantine=0.2 --attack=sign-flip --norm-bound=1} and, for DP, {@code --dp-noise=σ} with
     * {@code --dp-clip=C --dp-delta=δ --dp-budget=ε --dp-mode=central|local --dp-client-clip=true}.
     */
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
            } else if (KEYS.contains(key)) {
                a.put(key, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + key);
            }
        }
        int clients = Integer.parseInt(a.getOrDefault("clients", Integer.toString(d.clients())));
        PrivacySpec privacy = null;
        if (a.containsKey("dp-noise")) {
            privacy = new PrivacySpec(a.getOrDefault("dp-mode", "central"), Double.parseDouble(a.get("dp-noise")),
                    Double.parseDouble(a.getOrDefault("dp-clip", "1.0")), null, Boolean.parseBoolean(a.getOrDefault("dp-client-clip", "false")),
                    Double.parseDouble(a.getOrDefault("dp-delta", "1e-5")), Double.parseDouble(a.getOrDefault("dp-budget", "0")));
        }
        return new SimulationOptions(Path.of(a.getOrDefault("data", d.dataDir().toString())), clients,
                Integer.parseInt(a.getOrDefault("clients-per-round", Integer.toString(clients))),
                Integer.parseInt(a.getOrDefault("rounds", Integer.toString(d.rounds()))), a.getOrDefault("strategy", d.strategy()),
                params, a.getOrDefault("partition", d.partition()), Integer.parseInt(a.getOrDefault("epochs", Integer.toString(d.epochs()))),
                Integer.parseInt(a.getOrDefault("batch-size", Integer.toString(d.batchSize()))),
                Double.parseDouble(a.getOrDefault("lr", Double.toString(d.lr()))),
                Double.parseDouble(a.getOrDefault("momentum", Double.toString(d.momentum()))),
                Long.parseLong(a.getOrDefault("seed", Long.toString(d.seed()))),
                Integer.parseInt(a.getOrDefault("train-limit", Integer.toString(d.trainLimit()))),
                Integer.parseInt(a.getOrDefault("test-limit", Integer.toString(d.testLimit()))),
                Long.parseLong(a.getOrDefault("round-timeout-ms", Long.toString(d.roundTimeoutMs()))),
                Double.parseDouble(a.getOrDefault("byzantine", "0")), Attack.parse(a.getOrDefault("attack", "sign-flip")),
                Double.parseDouble(a.getOrDefault("norm-bound", "0")), privacy);
    }
}
