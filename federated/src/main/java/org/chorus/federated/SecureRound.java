package org.chorus.federated;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.chorus.federated.secure.secagg.AggregateResult;
import org.chorus.federated.secure.secagg.SecAggConfig;
import org.chorus.federated.secure.secagg.SecAggException;
import org.chorus.federated.strategy.Aggregated;
import org.chorus.federated.strategy.ClientUpdate;
import org.chorus.federated.strategy.Defences;
import org.chorus.federated.strategy.Failure;
import org.chorus.federated.strategy.RoundContext;
import org.chorus.federated.strategy.Selection;
import org.chorus.federated.strategy.Strategy;
import org.chorus.federated.strategy.TrainAggregation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training part of one round attempt under secure aggregation: four phases (setup, share, mask, unmask), each
 * with the round's deadline, over one {@link SecAggGroup} per group of selected nodes. The coordinator learns only
 * Σ w·clip(Δ) and Σ w per group; the master adds the group sums and hands global + ΣwΔ/Σw to the strategy as one
 * aggregated update, so every mean-based strategy (FedAvg, FedAvgM, FedOpt) applies it unchanged. Under central DP
 * the nodes clipped and weighed 1 each, and {@link RoundPrivacy} turns the unmasked sum into DP-FedAvg's noisy mean.
 */
final class SecureRound {
    /** Runs a phase to its end; the round loop's own. */
    interface PhaseRunner {
        List<Failure> run(Phase phase) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SecureRound.class);
    private static final Phase.Kind[] STAGES = {Phase.Kind.SECAGG_SETUP, Phase.Kind.SECAGG_SHARE, Phase.Kind.SECAGG_MASK, Phase.Kind.SECAGG_UNMASK};
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DefaultCoordinator c;
    private final String taskId;
    private final TaskSpec spec;
    private final Strategy strategy;
    private final RoundPrivacy privacy;
    private final Checkpoint current;
    private final int round;
    private final int attempt;
    private final PhaseRunner runner;
    private final Map<String, Double> metrics = new TreeMap<>();
    private final Map<String, SecureStage.Answer> masked = new LinkedHashMap<>();
    private long bytesIn;
    private long bytesOut;

    SecureRound(DefaultCoordinator c, String taskId, TaskSpec spec, Strategy strategy, RoundPrivacy privacy, Checkpoint current, int round,
                int attempt, PhaseRunner runner) {
        this.c = c;
        this.taskId = taskId;
        this.spec = spec;
        this.strategy = strategy;
        this.privacy = privacy;
        this.current = current;
        this.round = round;
        this.attempt = attempt;
        this.runner = runner;
    }

    TrainedRound run(List<String> available) throws InterruptedException {
        List<String> capable = capable(available);
        Selection selection = strategy.configureTrain(new RoundContext(round, capable, spec.clientsPerRound(), spec.overSelection(),
                spec.seed() + attempt * 7919L, spec.clientConfig()));
        List<String> selected = selection.nodes();
        count("secagg_selected", selected.size());
        if (selected.size() < spec.minClients()) {
            LOG.warn("task {} round {}: {} of {} available nodes can aggregate securely, {} needed", taskId, round, capable.size(),
                    available.size(), spec.minClients());
            return abandoned(selected.size());
        }
        List<SecAggGroup> groups = groups(selected);
        count("secagg_groups", groups.size());
        count("secagg_threshold", groups.stream().mapToInt(g -> g.config().threshold()).min().orElse(0));
        for (int s = 0; s < STAGES.length; s++) {
            List<String> nodes = groups.stream().flatMap(g -> g.current().stream()).toList();
            if (nodes.isEmpty()) {
                break;
            }
            Phase.Kind kind = STAGES[s];
            Phase phase = new Phase(taskId, round, kind, taskId + ":" + round + ":" + kind.name().toLowerCase(Locale.ROOT) + ":" + attempt,
                    current.model(), kind == Phase.Kind.SECAGG_MASK ? privacy.instruction(selection.config(), current.state()) : Map.of(), nodes,
                    c.clock.millis() + spec.roundTimeoutMs(), stage(kind, groups));
            List<Failure> failures = runner.run(phase);
            bytesIn += phase.bytesIn.get();
            bytesOut += phase.bytesOut.get();
            count("secagg_dropped_stage_" + s, failures.size());
            if (kind != Phase.Kind.SECAGG_UNMASK) {
                for (SecAggGroup g : groups) {
                    recordAbort(g.close(kind));
                }
            }
        }
        return sum(groups, selected.size());
    }

    /** Adds the group sums that could be unmasked; abandons the attempt if too few nodes are in them. */
    private TrainedRound sum(List<SecAggGroup> groups, int selected) {
        double[] weighted = new double[groups.get(0).config().dimension()];
        double total = 0;
        List<String> contributors = new ArrayList<>();
        for (SecAggGroup g : groups) {
            if (g.aborted() != null) {
                continue; // counted when it aborted
            }
            AggregateResult result = g.finish();
            if (result == null) {
                recordAbort(g.aborted());
                continue;
            }
            float[] part = result.weightedSum();
            for (int i = 0; i < part.length; i++) {
                weighted[i] += part[i];
            }
            total += result.totalWeight();
            contributors.addAll(g.nodes(result.contributors()));
        }
        count("secagg_groups_aborted", groups.stream().filter(g -> g.aborted() != null).count());
        count("secagg_contributors", contributors.size());
        count("secagg_bytes_in", bytesIn);
        count("secagg_bytes_out", bytesOut);
        if (contributors.size() < spec.minClients() || !(total > 0)) {
            LOG.warn("task {} round {} attempt {}: {} nodes in the unmasked sums, {} needed", taskId, round, attempt, contributors.size(), spec.minClients());
            return abandoned(contributors.size());
        }
        TrainAggregation aggregation = strategy.aggregateTrain(round, current.model(), current.state());
        Aggregated agg = privacy.centralDp() ? privacy.aggregateSecureSum(aggregation, current.model(), current.state(),
                new Defences.SecureSum(deltaSum(weighted), contributors.size(), unclipped(weighted), meanMetrics(contributors)))
                : weightedMean(aggregation, weighted, total, contributors);
        int failures = selected - contributors.size();
        Map<String, Double> m = new TreeMap<>(agg.metrics());
        m.put("clients", (double) contributors.size());
        m.put("failures", (double) failures);
        m.put("examples", total);
        return new TrainedRound(new Aggregated(agg.values(), agg.state(), m), contributors.size(), failures, bytesIn, bytesOut, metrics);
    }

    /** FedAvg's global + Σ w·Δ / Σ w, handed to the strategy as the round's one update. */
    private Aggregated weightedMean(TrainAggregation aggregation, double[] weighted, double total, List<String> contributors) {
        float[] global = current.model().values();
        float[] next = new float[global.length];
        for (int i = 0; i < next.length; i++) {
            next[i] = (float) (global[i] + weighted[i] / total);
        }
        aggregation.accept(new ClientUpdate("secure-aggregate", next, global, Math.max(1, Math.round(total)), 0, meanMetrics(contributors)));
        return aggregation.finish(List.of());
    }

    /** The summed deltas: the sum without the masked clipped-count coordinate, if any. */
    private float[] deltaSum(double[] sum) {
        float[] out = new float[current.model().values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) sum[i];
        }
        return out;
    }

    /** How many nodes were within C: each masked clipRange (exact in the quantizer) for 1 and 0 for 0, after the delta. */
    private int unclipped(double[] sum) {
        int d = current.model().values().length;
        return privacy.masksUnclippedBit() ? (int) Math.round(sum[d] / spec.secureAggregation().clipRange()) : 0;
    }

    /** The phase's view of the groups: each node's instruction and answers go to the group it belongs to. */
    private SecureStage stage(Phase.Kind kind, List<SecAggGroup> groups) {
        return new SecureStage() {
            @Override
            public int maskedLength() {
                return groups.get(0).config().dimension() + 1;
            }

            @Override
            public byte[] instructionFor(String node) {
                return groupOf(node).instructionFor(node);
            }

            @Override
            public void accept(String node, Answer answer) {
                try {
                    groupOf(node).accept(kind, node, answer);
                } catch (SecAggException e) {
                    count("secagg_rejected_" + e.reason().name().toLowerCase(Locale.ROOT), 1);
                    throw e;
                }
                if (kind == Phase.Kind.SECAGG_MASK) {
                    masked.put(node, answer);
                }
            }

            private SecAggGroup groupOf(String node) {
                return groups.stream().filter(g -> g.contains(node)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("node " + node + " is in no group"));
            }
        };
    }

    /** Splits the selection into groups of at least {@code groupSize} nodes (sizes differ by at most one). */
    private List<SecAggGroup> groups(List<String> selected) {
        SecureAggregation sa = spec.secureAggregation();
        int count = sa.groupSize() == 0 ? 1 : Math.max(1, selected.size() / sa.groupSize());
        List<SecAggGroup> groups = new ArrayList<>();
        int from = 0;
        for (int g = 0; g < count; g++) {
            int size = selected.size() / count + (g < selected.size() % count ? 1 : 0);
            List<String> members = selected.subList(from, from + size);
            from += size;
            int[] ids = IntStream.rangeClosed(1, size).toArray();
            int dimension = current.model().values().length + (privacy.masksUnclippedBit() ? 1 : 0);
            SecAggConfig config = sa.plus()
                    ? SecAggConfig.secAggPlus(RANDOM.nextLong(), ids, dimension, sa.clipRange(), sa.maxWeight(), RANDOM.nextLong())
                    : SecAggConfig.secAgg(RANDOM.nextLong(), ids, dimension, sa.clipRange(), sa.maxWeight());
            groups.add(new SecAggGroup(config, members));
        }
        return groups;
    }

    /**
     * The available nodes that registered with the property {@code secagg=true}, and with differential privacy also
     * {@code dp=true}: the coordinator cannot check that a node clipped (or noised) what it masked, so it selects only
     * nodes that say they apply the instruction's {@code dp_mode}.
     */
    private List<String> capable(List<String> available) {
        String federationId = c.store.task(taskId).orElseThrow().federationId();
        Set<String> yes = new LinkedHashSet<>();
        for (SqlStore.NodeRow n : c.store.nodes(federationId)) {
            Map<String, String> properties = Json.strings(n.properties());
            if ("true".equalsIgnoreCase(properties.get("secagg")) && (spec.privacy() == null || "true".equalsIgnoreCase(properties.get("dp")))) {
                yes.add(n.id());
            }
        }
        return available.stream().filter(yes::contains).toList();
    }

    private Map<String, Double> meanMetrics(List<String> contributors) {
        Map<String, double[]> sums = new TreeMap<>();
        for (String node : contributors) {
            SecureStage.Answer a = masked.get(node);
            a.metrics().forEach((k, v) -> {
                double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                s[0] += a.numExamples() * v;
                s[1] += a.numExamples();
            });
        }
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
        return out;
    }

    private void recordAbort(SecAggException e) {
        if (e != null) {
            LOG.warn("task {} round {} attempt {}: a secure-aggregation group aborted: {}", taskId, round, attempt, e.getMessage());
            count("secagg_aborted_" + e.reason().name().toLowerCase(Locale.ROOT), 1);
        }
    }

    private TrainedRound abandoned(int reports) {
        int selected = metrics.getOrDefault("secagg_selected", 0.0).intValue();
        return new TrainedRound(null, reports, selected - reports, bytesIn, bytesOut, metrics);
    }

    private void count(String key, long n) {
        metrics.merge(key, (double) n, Double::sum);
    }
}
