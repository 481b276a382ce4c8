package org.chorus.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.client.RunsClient;
import org.chorus.client.RunsClient.Metric;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.SimulationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(name = "fl", mixinStandardHelpOptions = true, description = "Federated learning.", subcommands = FlCommand.Simulate.class)
final class FlCommand {

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Runs N virtual clients against a real coordinator in this process, on Fashion-MNIST",
                    "(Debian package dataset-fashion-mnist), prints a row per round — clients that reported, their mean train",
                    "accuracy, the global model's test accuracy and loss, ε with DP, seconds — and logs the run to tracking.",
                    "Options (--key value or --key=value): --clients 10 --clients-per-round 10 --rounds 50",
                    "--strategy fedavg|fedprox|fedavgm|fedadam|fedyogi|fedadagrad|fedmedian|fedtrimmedavg|krum|multikrum|bulyan|fedbuff",
                    "--param.<name> <number> (e.g. --param.proximal_mu 0.01) --partition iid|dir(0.5)|#c=2|shards(2) --epochs 10",
                    "--batch-size 64 --lr 0.01 --momentum 0.9 --seed 1 --train-limit N --test-limit N --data <dir> --round-timeout-ms N.",
                    "Attacks: --byzantine 0.2 --attack sign-flip|scale|random|label-flip. Defences: --norm-bound B, a robust strategy;",
                    "differential privacy: --dp-noise σ --dp-clip C --dp-delta 1e-5 --dp-budget ε --dp-mode central|local --dp-client-clip.",
                    "Defaults follow NIID-Bench. This command trains a softmax model in plain Java; the CNN of the paper runs",
                    "in bench/federated/run."})
    static final class Simulate extends ClientCommand {
        @Option(names = "--experiment", defaultValue = "fl-simulate", paramLabel = "NAME",
                description = "Tracking experiment the run is logged to (default: ${DEFAULT-VALUE}; created when missing).")
        String experiment;

        @Option(names = "--no-log", description = "Do not log the run to tracking (no server needed).")
        boolean noLog;

        @Unmatched
        List<String> options = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            SimulationOptions o = SimulationOptions.parse(options.toArray(String[]::new));
            RunsClient runs = null;
            String experimentId = null;
            if (!noLog) {
                runs = client().runs();
                experimentId = runs.experimentIdOrCreate(experiment, id -> context.err().println("Created experiment " + experiment));
            }
            PrintWriter out = context.out();
            out.println(setup(o));
            String epsilon = o.privacy() == null ? "" : "  %8s";
            String row = "%5s  %7s  %9s  %8s  %9s" + epsilon + "  %7s%n";
            out.printf(Locale.ROOT, row, header(o));
            List<Metric> metrics = new ArrayList<>();
            Simulation.Result r = Simulation.run(o, Simulation.softmax(), round -> {
                out.printf(Locale.ROOT, row, cells(o, round));
                out.flush();
                metrics.add(new Metric("test_accuracy", round.testAccuracy(), round.round()));
                metrics.add(new Metric("test_loss", round.testLoss(), round.round()));
                metrics.add(new Metric("train_accuracy", round.trainAccuracy(), round.round()));
                metrics.add(new Metric("clients", round.clients(), round.round()));
                if (o.privacy() != null) {
                    metrics.add(new Metric("dp_epsilon", round.epsilon(), round.round()));
                }
            });
            out.printf(Locale.ROOT, "final test accuracy %.4f, test loss %.4f (held-out test split; train accuracy is the clients' mean"
                    + " on their own data) after %d rounds in %.1f s%n", r.testAccuracy(), r.testLoss(), r.task().completedRounds(), r.wallSeconds());
            out.println("attack: " + attack(o));
            out.println("defences: " + defences(o, r));
            if (runs != null) {
                String runId = runs.logRun(experimentId, o.strategy() + " " + o.partition() + " " + o.clients() + " clients", params(o),
                        metrics, Map.of("chorus.source", "chorus fl simulate"));
                out.println("logged as run " + runId + " in experiment " + experiment + ": chorus runs show " + runId);
            }
            return 0;
        }

        private static String setup(SimulationOptions o) {
            String params = o.strategyParams().isEmpty() ? "" : " " + o.strategyParams();
            return String.format(Locale.ROOT, "Fashion-MNIST, softmax model: %d clients (%s), %d per round, %d rounds of %s%s",
                    o.clients(), o.partition(), o.clientsPerRound(), o.rounds(), o.strategy(), params);
        }

        private static Object[] header(SimulationOptions o) {
            return o.privacy() == null ? new Object[] {"ROUND", "CLIENTS", "TRAIN ACC", "TEST ACC", "TEST LOSS", "SECONDS"}
                    : new Object[] {"ROUND", "CLIENTS", "TRAIN ACC", "TEST ACC", "TEST LOSS", "ε", "SECONDS"};
        }

        private static Object[] cells(SimulationOptions o, Simulation.RoundReport r) {
            List<Object> c = new ArrayList<>(List.of(r.round(), r.clients(), f4(r.trainAccuracy()), f4(r.testAccuracy()), f4(r.testLoss())));
            if (o.privacy() != null) {
                c.add(String.format(Locale.ROOT, "%.3f", r.epsilon()));
            }
            c.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            return c.toArray();
        }

        private static String f4(double v) {
            return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
        }

        private static String attack(SimulationOptions o) {
            int n = o.byzantineClients();
            return n == 0 ? "none" : String.format(Locale.ROOT, "%s by %d of %d clients (client-0 … client-%d)", o.attack().label(), n, o.clients(), n - 1);
        }

        private static String defences(SimulationOptions o, Simulation.Result r) {
            List<String> d = new ArrayList<>();
            if (ROBUST.contains(o.strategy().toLowerCase(Locale.ROOT))) {
                d.add("robust aggregation (" + o.strategy() + ")");
            }
            if (o.normBound() > 0) {
                d.add("norm bound " + o.normBound());
            }
            if (o.privacy() != null) {
                d.add(String.format(Locale.ROOT, "%s differential privacy σ=%s C=%s δ=%s: ε=%.3f spent%s%s", o.privacy().mode(),
                        o.privacy().noiseMultiplier(), o.privacy().clipNorm(), o.privacy().delta(), r.epsilon(),
                        o.privacy().epsilonBudget() > 0 ? " of a budget of " + o.privacy().epsilonBudget() : "",
                        r.task().message() == null ? "" : " (" + r.task().message() + ")"));
            }
            return d.isEmpty() ? "none" : String.join("; ", d);
        }

        private static Map<String, String> params(SimulationOptions o) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("strategy", o.strategy());
            o.strategyParams().forEach((k, v) -> p.put("strategy." + k, String.valueOf(v)));
            p.put("partition", o.partition());
            p.put("clients", String.valueOf(o.clients()));
            p.put("clients_per_round", String.valueOf(o.clientsPerRound()));
            p.put("rounds", String.valueOf(o.rounds()));
            p.put("epochs", String.valueOf(o.epochs()));
            p.put("batch_size", String.valueOf(o.batchSize()));
            p.put("lr", String.valueOf(o.lr()));
            p.put("seed", String.valueOf(o.seed()));
            p.put("attack", attack(o));
            if (o.normBound() > 0) {
                p.put("norm_bound", String.valueOf(o.normBound()));
            }
            if (o.privacy() != null) {
                p.put("dp_mode", o.privacy().mode());
                p.put("dp_noise", String.valueOf(o.privacy().noiseMultiplier()));
                p.put("dp_clip", String.valueOf(o.privacy().clipNorm()));
                p.put("dp_delta", String.valueOf(o.privacy().delta()));
            }
            return p;
        }
    }

    /** Strategies that are a defence against poisoned updates by themselves. */
    private static final java.util.Set<String> ROBUST = java.util.Set.of("fedmedian", "fedtrimmedavg", "krum", "multikrum", "bulyan");
}
