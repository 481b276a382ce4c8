package org.chorus.federated;

import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.core.ChorusException;

/**
 * A federated training task: start from {@code baseRepo@baseRevision}'s {@code model.safetensors},
 * run {@code rounds} rounds of {@code strategy} over the federation's nodes, and commit each completed
 * round to {@code publishRepo} (none if null). A round wants {@code clientsPerRound} reports, selects
 * {@code ceil(clientsPerRound × overSelection)} nodes, waits at most {@code roundTimeoutMs}, and is
 * abandoned and retried (at most {@code maxAttempts} times) with fewer than {@code minClients} reports.
 * The global model is evaluated every {@code evaluateEvery} rounds (0: never) and after the last.
 * With {@code secureAggregation} set (null: off) the coordinator only ever sees the sum of the updates.
 * Defences: {@code privacy} (null: none) adds differential privacy; {@code normBound} scales every update Δ to
 * ‖Δ‖₂ ≤ normBound and {@code maxExamplesPerClient} rejects a larger claimed example count (0 turns either off).
 */
public record TaskSpec(String federation, String name, String baseRepo, String baseRevision, String publishRepo,
                       String strategy, Map<String, Double> strategyParams, int rounds, int clientsPerRound,
                       int minClients, double overSelection, long roundTimeoutMs, int maxAttempts, int evaluateEvery,
                       Map<String, Object> clientConfig, long seed, Map<String, String> partitionStats,
                       SecureAggregation secureAggregation, PrivacySpec privacy, double normBound, long maxExamplesPerClient) {

    public TaskSpec {
        strategyParams = Map.copyOf(strategyParams == null ? Map.of() : strategyParams);
        clientConfig = normalized(clientConfig);
        partitionStats = Map.copyOf(partitionStats == null ? Map.of() : partitionStats);
        require(federation != null && !federation.isBlank(), "a task needs a federation");
        require(name != null && !name.isBlank(), "a task needs a name");
        require(baseRepo != null && baseRevision != null, "a task needs a base model repository and revision");
        require(rounds >= 1, "rounds must be at least 1");
        require(clientsPerRound >= 1, "clients per round must be at least 1");
        require(minClients >= 1 && minClients <= clientsPerRound, "min clients must be between 1 and clients per round");
        require(overSelection >= 1.0 && overSelection <= 10.0, "over-selection must be between 1.0 and 10.0");
        require(roundTimeoutMs >= 10, "round timeout must be at least 10 ms");
        require(maxAttempts >= 1, "max attempts must be at least 1");
        require(evaluateEvery >= 0, "evaluate-every must not be negative");
        require(normBound >= 0 && Double.isFinite(normBound), "normBound must be a non-negative number (0: off)");
        require(maxExamplesPerClient >= 0, "maxExamplesPerClient must not be negative (0: no bound)");
        for (Object v : clientConfig.values()) {
            require(v instanceof Long || v instanceof Double || v instanceof String || v instanceof Boolean,
                    "client settings are longs, doubles, strings or booleans");
        }
        if (secureAggregation != null) {
            SecureAggregation.checkStrategy(strategy);
            require(minClients >= 2, "secure aggregation needs min clients of at least 2");
            // the server only sees the masked sum, so per-update defences cannot run there
            require(normBound == 0, "normBound needs individual updates, which secure aggregation hides: bound each coordinate with"
                    + " its clipRange, or the L2 norm with privacy clipNorm (the nodes clip before masking)");
            require(maxExamplesPerClient == 0, "maxExamplesPerClient needs individual updates, which secure aggregation hides: cap"
                    + " the weight with its maxWeight (with differential privacy every node weighs 1)");
            if (privacy != null) {
                SecureAggregation.checkPrivacy(secureAggregation, privacy);
            }
        }
    }

    /** Integers become longs and floats doubles, so a spec read back from JSON equals the one written. */
    private static Map<String, Object> normalized(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((k, v) -> out.put(k, switch (v) {
                case Integer i -> Long.valueOf(i);
                case Float f -> Double.valueOf(f);
                case null -> "";
                default -> v;
            }));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw ChorusException.invalid(message);
        }
    }

    public static Builder builder(String federation, String name, String baseRepo, String baseRevision) {
        return new Builder(federation, name, baseRepo, baseRevision);
    }

    /** Defaults: FedAvg, 10 rounds, 10 clients (min 2, over-selection 1.3), 10 minutes a round, 5 attempts, evaluate every round. */
    public static final class Builder {
        private final String federation;
        private final String name;
        private final String baseRepo;
        private final String baseRevision;
        private String publishRepo;
        private String strategy = "fedavg";
        private Map<String, Double> strategyParams = Map.of();
        private int rounds = 10;
        private int clientsPerRound = 10;
        private int minClients = 2;
        private double overSelection = 1.3;
        private long roundTimeoutMs = 600_000;
        private int maxAttempts = 5;
        private int evaluateEvery = 1;
        private final Map<String, Object> clientConfig = new LinkedHashMap<>();
        private long seed = 0;
        private Map<String, String> partitionStats = Map.of();
        private SecureAggregation secureAggregation;
        private PrivacySpec privacy;
        private double normBound;
        private long maxExamplesPerClient;

        private Builder(String federation, String name, String baseRepo, String baseRevision) {
            this.federation = federation;
            this.name = name;
            this.baseRepo = baseRepo;
            this.baseRevision = baseRevision;
        }

        public Builder publishTo(String repo) { this.publishRepo = repo; return this; }
        public Builder strategy(String name, Map<String, Double> params) { this.strategy = name; this.strategyParams = params; return this; }
        public Builder rounds(int n) { this.rounds = n; return this; }
        public Builder clients(int perRound, int min, double overSelection) {
            this.clientsPerRound = perRound;
            this.minClients = min;
            this.overSelection = overSelection;
            return this;
        }
        public Builder roundTimeoutMs(long ms) { this.roundTimeoutMs = ms; return this; }
        public Builder maxAttempts(int n) { this.maxAttempts = n; return this; }
        public Builder evaluateEvery(int n) { this.evaluateEvery = n; return this; }
        public Builder clientSetting(String key, Object value) { this.clientConfig.put(key, value); return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder partitionStats(Map<String, String> stats) { this.partitionStats = stats; return this; }
        public Builder secureAggregation(SecureAggregation settings) { this.secureAggregation = settings; return this; }
        public Builder privacy(PrivacySpec p) { this.privacy = p; return this; }
        public Builder normBound(double bound) { this.normBound = bound; return this; }
        public Builder maxExamplesPerClient(long n) { this.maxExamplesPerClient = n; return this; }

        public TaskSpec build() {
            return new TaskSpec(federation, name, baseRepo, baseRevision, publishRepo, strategy, strategyParams, rounds,
                    clientsPerRound, minClients, overSelection, roundTimeoutMs, maxAttempts, evaluateEvery, clientConfig,
                    seed, partitionStats, secureAggregation, privacy, normBound, maxExamplesPerClient);
        }
    }
}
