package org.chorus.federated.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.NamedTensor;
import org.chorus.federated.secure.dp.L2Clipping;
import org.chorus.federated.sim.Attack;
import org.chorus.federated.sim.Dataset;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.SimulationOptions;
import org.chorus.federated.sim.TrainerFactory;
import org.chorus.federated.tensor.Weights;

/**
 * Issue #7's two tables on Fashion-MNIST with the softmax trainer, every run through the real coordinator and SDK:
 * (a) accuracy against ε for central DP-FedAvg at σ ∈ {0.5, 1, 2} beside the non-private run; (b) final accuracy of
 * each robust strategy under Byzantine clients, beside clean FedAvg. Arguments: {@code --dp-rounds=20
 * --robust-rounds=5 --only=dp|robust}.
 */
public final class PrivacyRobustnessBench {
    static final int DP_CLIENTS = 1000;
    static final int DP_PER_ROUND = 100;
    static final double DP_CLIP = 1.0;
    static final double DP_DELTA = 1e-5;
    static final int ROBUST_CLIENTS = 20;
    static final int ROBUST_F = 4;
    static final double MARGIN = 0.03;

    private PrivacyRobustnessBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Dataset train = Dataset.fashionMnist(Dataset.DEBIAN_FASHION_MNIST, "train");
        Dataset test = Dataset.fashionMnist(Dataset.DEBIAN_FASHION_MNIST, "t10k");
        String only = a.getOrDefault("only", "");
        if (!only.equals("robust")) {
            privacyTable(train, test, Integer.parseInt(a.getOrDefault("dp-rounds", "20")));
        }
        if (!only.equals("dp")) {
            robustnessTable(train, test, Integer.parseInt(a.getOrDefault("robust-rounds", "5")));
        }
    }

    static Simulation.Result simulate(Dataset train, Dataset test, String... options) throws Exception {
        return Simulation.run(SimulationOptions.parse(options), Simulation.softmax(), train, test);
    }

    static void privacyTable(Dataset train, Dataset test, int rounds) throws Exception {
        System.out.printf(Locale.ROOT, "## (a) Central DP-FedAvg: %d clients (60 examples each, iid), %d per round (q = %.2f), C = %s, δ = %s, %d rounds%n%n",
                DP_CLIENTS, DP_PER_ROUND, DP_PER_ROUND / (double) DP_CLIENTS, DP_CLIP, DP_DELTA, rounds);
        System.out.println("| noise multiplier σ | rounds | ε | δ | test accuracy | wall s |");
        System.out.println("|---|---|---|---|---|---|");
        for (String sigma : new String[] {"none", "0.5", "1.0", "2.0"}) {
            List<String> o = new ArrayList<>(List.of("--clients=" + DP_CLIENTS, "--clients-per-round=" + DP_PER_ROUND, "--rounds=" + rounds,
                    "--epochs=1", "--batch-size=10", "--lr=0.1", "--momentum=0", "--partition=iid"));
            if (!sigma.equals("none")) {
                o.addAll(List.of("--dp-noise=" + sigma, "--dp-clip=" + DP_CLIP, "--dp-delta=" + DP_DELTA));
            }
            Simulation.Result r = simulate(train, test, o.toArray(String[]::new));
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.4f | %.1f |%n", sigma.equals("none") ? "— (non-private)" : sigma,
                    r.task().completedRounds(), sigma.equals("none") ? "∞" : String.format(Locale.ROOT, "%.3f", r.epsilon()),
                    sigma.equals("none") ? "—" : Double.toString(DP_DELTA), r.testAccuracy(), r.wallSeconds());
        }
        System.out.println();
    }

    static void robustnessTable(Dataset train, Dataset test, int rounds) throws Exception {
        List<String> base = List.of("--clients=" + ROBUST_CLIENTS, "--rounds=" + rounds, "--epochs=1", "--batch-size=20", "--lr=0.1",
                "--momentum=0", "--partition=iid", "--train-limit=6000", "--test-limit=5000");
        double bound = honestUpdateNorm(train.head(6000), 6000 / ROBUST_CLIENTS);
        Map<String, List<String>> rows = new LinkedHashMap<>();
        rows.put("FedAvg", List.of("--strategy=fedavg"));
        rows.put("FedAvg + norm bound", List.of("--strategy=fedavg", String.format(Locale.ROOT, "--norm-bound=%.4f", bound)));
        rows.put("Krum", List.of("--strategy=krum", "--param.num_malicious=" + ROBUST_F));
        rows.put("Multi-Krum", List.of("--strategy=multikrum", "--param.num_malicious=" + ROBUST_F, "--param.keep=" + (ROBUST_CLIENTS - ROBUST_F)));
        rows.put("trimmed mean", List.of("--strategy=fedtrimmedavg", "--param.beta=0.2"));
        rows.put("median", List.of("--strategy=fedmedian"));
        rows.put("Bulyan", List.of("--strategy=bulyan", "--param.num_malicious=" + ROBUST_F));
        List<String> columns = new ArrayList<>(List.of("clean"));
        for (String fraction : new String[] {"0.1", "0.2"}) {
            for (Attack attack : Attack.values()) {
                columns.add(fraction + ":" + attack.label());
            }
        }
        System.out.printf(Locale.ROOT, "## (b) Robustness: %d clients (300 examples each, iid), all per round, %d rounds; robust rules configured for f = %d; "
                + "norm bound %.3f (client 0's honest first-round update norm, measured in this run); * = within 3 points of clean FedAvg%n%n",
                ROBUST_CLIENTS, rounds, ROBUST_F, bound);
        StringBuilder header = new StringBuilder("| strategy |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : columns) {
            header.append(' ').append(c.equals("clean") ? "clean" : (int) (Double.parseDouble(c.split(":")[0]) * 100) + "% " + c.split(":")[1]).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        double cleanFedAvg = Double.NaN;
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            StringBuilder line = new StringBuilder("| " + row.getKey() + " |");
            for (String c : columns) {
                List<String> o = new ArrayList<>(base);
                o.addAll(row.getValue());
                if (!c.equals("clean")) {
                    o.add("--byzantine=" + c.split(":")[0]);
                    o.add("--attack=" + c.split(":")[1]);
                }
                double accuracy = simulate(train, test, o.toArray(String[]::new)).testAccuracy();
                if (Double.isNaN(cleanFedAvg)) {
                    cleanFedAvg = accuracy;
                }
                line.append(String.format(Locale.ROOT, " %.3f%s |", accuracy, accuracy >= cleanFedAvg - MARGIN ? "*" : ""));
            }
            System.out.println(line);
            System.out.flush();
        }
        System.out.println();
    }

    /** The L2 norm of one honest client's first local update from the initial model: the norm bound's scale. */
    static double honestUpdateNorm(Dataset train, int examples) throws Exception {
        TrainerFactory factory = Simulation.softmax();
        Weights initial = factory.initialModel(1);
        int[] indices = new int[examples];
        for (int i = 0; i < examples; i++) {
            indices[i] = i;
        }
        List<NamedTensor> start = Simulation.named(initial);
        List<NamedTensor> trained = factory.create(train, indices, 1).fit(start,
                new Config(Map.of("epochs", 1L, "batch_size", 20L, "lr", 0.1, "momentum", 0.0))).weights();
        double squares = 0;
        for (int t = 0; t < start.size(); t++) {
            float[] d = trained.get(t).values().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] -= start.get(t).values()[i];
            }
            squares += Math.pow(L2Clipping.norm(d), 2);
        }
        return Math.sqrt(squares);
    }
}
