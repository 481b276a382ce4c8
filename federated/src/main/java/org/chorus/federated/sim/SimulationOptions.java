package org.chorus.federated.sim;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.federated.PrivacySpec;
import org.chorus.federated.strategy.Strategy;

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
     * Parses {@code --clients 10 --rounds 5 --strategy fedprox --param.proximal_mu 0.01 --partition #c=2 ...} (or
     * {@code --key=value}), {@code --byzantine 0.2 --attack sign-flip --norm-bound 1} and, for DP, {@code --dp-noise σ}
     * with {@code --dp-clip C --dp-delta δ --dp-budget ε --dp-mode central|local --dp-client-clip}. Every value is
     * checked here, before any work: a misspelt strategy, partition or attack, or a number that is not one, is named.
     */
    public static SimulationOptions parse(String... args) {
        SimulationOptions d = defaults();
        Map<String, String> a = new LinkedHashMap<>();
        Map<String, Double> params = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected an option such as --clients 10, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else if (key.equals("dp-client-clip")) {
                value = "true";
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value, e.g. --" + key + " " + example(key));
            }
            if (key.startsWith("param.")) {
                params.put(key.substring(6), number(key, value));
            } else if (KEYS.contains(key)) {
                a.put(key, value);
            } else {
                throw new IllegalArgumentException("unknown option --" + key + " (see chorus fl simulate --help)");
            }
        }
        int clients = whole(a, "clients", d.clients());
        PrivacySpec privacy = null;
        if (a.containsKey("dp-noise")) {
            try {
                privacy = new PrivacySpec(a.getOrDefault("dp-mode", "central"), number(a, "dp-noise", 0), number(a, "dp-clip", 1.0), null,
                        Boolean.parseBoolean(a.getOrDefault("dp-client-clip", "false")), number(a, "dp-delta", 1e-5), number(a, "dp-budget", 0));
            } catch (ChorusException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        } else if (a.keySet().stream().anyMatch(k -> k.startsWith("dp-"))) {
            throw new IllegalArgumentException("differential privacy starts with --dp-noise σ (e.g. --dp-noise 1); the other --dp-"
                    + " options only tune it");
        }
        Attack attack = Attack.parse(a.getOrDefault("attack", "sign-flip"));
        SimulationOptions o = new SimulationOptions(Path.of(a.getOrDefault("data", d.dataDir().toString())), clients,
                whole(a, "clients-per-round", clients), whole(a, "rounds", d.rounds()), a.getOrDefault("strategy", d.strategy()),
                params, a.getOrDefault("partition", d.partition()), whole(a, "epochs", d.epochs()), whole(a, "batch-size", d.batchSize()),
                number(a, "lr", d.lr()), number(a, "momentum", d.momentum()), whole(a, "seed", (int) d.seed()),
                whole(a, "train-limit", d.trainLimit()), whole(a, "test-limit", d.testLimit()),
                whole(a, "round-timeout-ms", (int) d.roundTimeoutMs()), number(a, "byzantine", 0), attack,
                number(a, "norm-bound", 0), privacy);
        o.check();
        return o;
    }

    /** What a simulation needs before it starts: a known strategy and partition, sensible counts, DP the strategy can take. */
    private void check() {
        require(clients >= 1, "--clients must be at least 1");
        require(clientsPerRound >= 1 && clientsPerRound <= clients, "--clients-per-round must be between 1 and --clients (" + clients + ")");
        require(rounds >= 1, "--rounds must be at least 1");
        require(epochs >= 1 && batchSize >= 1, "--epochs and --batch-size must be at least 1");
        require(trainLimit >= clients, "--train-limit must leave each client at least one example");
        require(normBound >= 0, "--norm-bound must not be negative (0: off)");
        Strategy s;
        try {
            s = Strategy.create(strategy, strategyParams);
        } catch (ChorusException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            Partitioner.parse(partition);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown partition " + partition + " (iid, dir(0.5), #c=2, shards(2))", e);
        }
        if (privacy != null && "central".equals(privacy.mode()) && !s.weightedMean()) {
            throw new IllegalArgumentException("central DP stands in for the weighted mean, and strategy " + s.name()
                    + " does not average updates: use fedavg, fedprox, fedavgm, fedadam, fedyogi or fedadagrad, or --dp-mode local");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String example(String key) {
        return switch (key) {
            case "strategy" -> "fedprox";
            case "partition" -> "dir(0.5)";
            case "attack" -> "sign-flip";
            case "data", "dp-mode" -> "...";
            default -> "1";
        };
    }

    private static int whole(Map<String, String> a, String key, int fallback) {
        String v = a.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " takes a whole number, not '" + v + "'");
        }
    }

    private static double number(Map<String, String> a, String key, double fallback) {
        String v = a.get(key);
        return v == null ? fallback : number(key, v);
    }

    private static double number(String key, String v) {
        try {
            double x = Double.parseDouble(v.strip());
            if (!Double.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " takes a number, not '" + v + "'");
        }
    }
}
