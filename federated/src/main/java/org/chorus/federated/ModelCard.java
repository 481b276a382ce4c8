package org.chorus.federated;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The README.md committed with each round: lineage (finetune of the base model), strategy, rounds, data partitions. */
final class ModelCard {
    private ModelCard() {}

    static String render(TaskSpec spec, Map<String, Double> strategyParams, List<Coordinator.RoundView> rounds,
                         Map<String, String> nodeStats) {
        StringBuilder s = new StringBuilder();
        s.append("---\n");
        s.append("base_model: ").append(spec.baseRepo()).append('\n');
        s.append("base_model_relation: finetune\n");
        s.append("library_name: chorus\n");
        s.append("tags:\n- federated-learning\n- ").append(spec.strategy()).append('\n');
        s.append("---\n\n");
        s.append("# ").append(spec.name()).append("\n\n");
        s.append("Fine-tuned from `").append(spec.baseRepo()).append('@').append(spec.baseRevision())
                .append("` by federated learning on Chorus (federation `").append(spec.federation()).append("`).\n\n");
        s.append("- strategy: ").append(spec.strategy()).append(' ').append(strategyParams).append('\n');
        s.append("- rounds: ").append(rounds.size()).append(" of ").append(spec.rounds()).append('\n');
        s.append("- clients per round: ").append(spec.clientsPerRound()).append(" (minimum ").append(spec.minClients())
                .append(", over-selection ").append(spec.overSelection()).append(")\n");
        s.append("- client settings: ").append(new java.util.TreeMap<>(spec.clientConfig())).append("\n\n");
        privacy(s, spec, rounds);
        s.append("## Rounds\n\n| round | participants | failures | train loss | eval loss | eval accuracy |\n|---|---|---|---|---|---|\n");
        for (Coordinator.RoundView r : rounds) {
            s.append("| ").append(r.round()).append(" | ").append(r.participants()).append(" | ").append(r.failures())
                    .append(" | ").append(num(r.metrics().get("train_loss"))).append(" | ").append(num(r.metrics().get("eval_loss")))
                    .append(" | ").append(num(r.metrics().get("eval_accuracy"))).append(" |\n");
        }
        s.append("\n## Data partitions\n\n");
        if (!spec.partitionStats().isEmpty()) {
            spec.partitionStats().forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
            s.append('\n');
        }
        s.append("| node | reported |\n|---|---|\n");
        nodeStats.forEach((node, props) -> s.append("| ").append(node).append(" | ").append(props).append(" |\n"));
        return s.toString();
    }

    /** What the accountant reported after the latest round, with the mechanism's parameters. */
    private static void privacy(StringBuilder s, TaskSpec spec, List<Coordinator.RoundView> rounds) {
        PrivacySpec p = spec.privacy();
        if (p == null) {
            return;
        }
        Map<String, Double> last = rounds.isEmpty() ? Map.of() : rounds.get(rounds.size() - 1).metrics();
        s.append("## Privacy\n\n");
        s.append("- differential privacy: ").append(p.centralMode() ? "central (DP-FedAvg, Gaussian noise on the clipped sum)" : "local (each client clips and adds noise)")
                .append(p.clientSideClipping() || spec.secureAggregation() != null ? ", clients clip their own updates" : "")
                .append(spec.secureAggregation() == null ? "" : ", with secure aggregation (" + spec.secureAggregation().mode()
                        + "; the coordinator sees only the sum" + (p.centralMode() ? " and adds the noise to it" : "") + ")")
                .append('\n');
        s.append(String.format(Locale.ROOT, "- (ε, δ) = (%.4f, %s) after %d rounds (RDP accountant, subsampled Gaussian)%n",
                last.getOrDefault("dp_epsilon", 0.0), p.delta(), rounds.size()));
        s.append(String.format(Locale.ROOT, "- noise multiplier σ = %s, clip norm C = %s%s, sampling rate q = %s%n", p.noiseMultiplier(),
                num(last.get("dp_clip_norm")), p.adaptiveClipping() == null ? "" : " (adaptive: " + p.adaptiveClipping() + ")",
                num(last.get(RoundPrivacy.SAMPLING_RATE))));
        s.append("- budget: ").append(p.epsilonBudget() > 0 ? "ε ≤ " + p.epsilonBudget() : "none").append("\n\n");
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
