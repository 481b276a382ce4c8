package org.chorus.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.client.FederationsClient;
import org.chorus.client.RunsClient;
import org.chorus.client.RunsClient.Metric;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.SimulationModel;
import org.chorus.federated.sim.SimulationOptions;
import org.chorus.federated.sim.TrainerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

@Command(name = "fl", mixinStandardHelpOptions = true,
        description = "Federated learning: simulate in one process, or manage the server's federations, nodes and tasks (site admins).",
        subcommands = {FlCommand.Simulate.class, FlCommand.Federations.class, FlCommand.Nodes.class, FlCommand.Tasks.class})
final class FlCommand {

    @Command(name = "federations", mixinStandardHelpOptions = true, description = "Creates and lists federations (who may join).",
            subcommands = {FederationCreate.class, FederationList.class})
    static final class Federations {}

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a federation and prints its join token, which nodes present: it is shown only this once.")
    static final class FederationCreate extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The federation's name, unique on the server.")
        String name;

        @Override
        public Integer call() {
            String token = client().federations().createFederation(name);
            context.out().println(token);
            context.err().println("Federation " + name + " created. Nodes join with this token; store it now: it is not shown again.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists federations with their nodes and tasks.")
    static final class FederationList extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, client().federations().federations(), f -> row(f.name(), f.nodes(), f.tasks(), instant(f.createdAt())),
                    "NAME", "NODES", "TASKS", "CREATED");
        }
    }

    @Command(name = "nodes", mixinStandardHelpOptions = true,
            description = "Lists a federation's nodes; connected: heard from within three heartbeats.")
    static final class Nodes extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Parameters(paramLabel = "FEDERATION", description = "The federation.")
        String federation;

        @Override
        public Integer call() {
            return table(output, client().federations().nodes(federation), n -> row(n.name(), n.id(), n.connected() ? "yes" : "no",
                    instant(n.registeredAt())), "NODE", "ID", "CONNECTED", "REGISTERED");
        }
    }

    @Command(name = "tasks", mixinStandardHelpOptions = true, description = "Starts, lists, shows, pauses, resumes and stops federated training tasks.",
            subcommands = {TaskCreate.class, TaskList.class, TaskShow.class, TaskPause.class, TaskResume.class, TaskStop.class})
    static final class Tasks {}

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Starts a task: rounds of a strategy over the federation's nodes, from a hub model's model.safetensors,",
                    "each completed round committed to --publish-repo and logged to tracking. Prints the task's id.",
                    "Everything else a task takes (secureAggregation, privacy, normBound, …; docs/federated.md) goes in --spec."})
    static final class TaskCreate extends ClientCommand {
        @Option(names = "--federation", description = "The federation whose nodes train.")
        String federation;

        @Option(names = "--name", description = "The task's name, shown in lists and tracking.")
        String name;

        @Option(names = "--base-repo", paramLabel = "OWNER/NAME", description = "The model repository to start from.")
        String baseRepo;

        @Option(names = "--revision", description = "Its revision (default: main).")
        String revision;

        @Option(names = "--publish-repo", paramLabel = "OWNER/NAME", description = "Where each round's model is committed (default: none).")
        String publishRepo;

        @Option(names = "--strategy", description = "Aggregation strategy, as fl simulate lists them (default: fedavg).")
        String strategy;

        @Option(names = "--rounds", description = "Rounds to run (default: 10).")
        Integer rounds;

        @Option(names = "--clients-per-round", description = "Reports a round wants (default: 2).")
        Integer clientsPerRound;

        @Option(names = "--min-clients", description = "Fewest reports a round accepts (default: --clients-per-round).")
        Integer minClients;

        @Option(names = "--round-timeout-ms", description = "How long a round waits (default: 600000).")
        Long roundTimeoutMs;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting sent to the nodes' trainers, e.g. epochs=1 or lr=0.01; repeatable.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--spec", paramLabel = "FILE",
                description = "A JSON task specification (docs/api.md); options given on the command line win over its fields.")
        java.nio.file.Path specFile;

        @Override
        public Integer call() throws java.io.IOException {
            Map<String, Object> spec = new LinkedHashMap<>(Map.of("baseRevision", "main", "strategy", "fedavg", "rounds", 10, "clientsPerRound", 2,
                    "overSelection", 1.0, "roundTimeoutMs", 600_000, "maxAttempts", 3));
            if (specFile != null) {
                spec.putAll(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(java.nio.file.Files.readString(specFile)));
            }
            given(spec, "federation", federation);
            given(spec, "name", name);
            given(spec, "baseRepo", baseRepo);
            given(spec, "baseRevision", revision);
            given(spec, "publishRepo", publishRepo);
            given(spec, "strategy", strategy);
            given(spec, "rounds", rounds);
            given(spec, "clientsPerRound", clientsPerRound);
            given(spec, "minClients", minClients);
            given(spec, "roundTimeoutMs", roundTimeoutMs);
            spec.putIfAbsent("minClients", spec.get("clientsPerRound"));
            if (!settings.isEmpty()) {
                Map<String, Object> config = new LinkedHashMap<>();
                settings.forEach((k, v) -> config.put(k, setting(v)));
                spec.put("clientConfig", config);
            }
            for (String[] needed : new String[][] {{"federation", "--federation"}, {"name", "--name"}, {"baseRepo", "--base-repo"}}) {
                if (spec.get(needed[0]) == null) {
                    throw new IllegalArgumentException("a task needs " + needed[1] + " (or \"" + needed[0] + "\" in --spec)");
                }
            }
            String id = client().federations().createTask(spec);
            context.out().println(id);
            context.err().println("Task " + spec.get("name") + " started: chorus fl tasks show " + id);
            return 0;
        }

        private static void given(Map<String, Object> spec, String field, Object option) {
            if (option != null) {
                spec.put(field, option);
            }
        }

        /** A number or boolean where the text is one, so trainers get typed settings. */
        private static Object setting(String v) {
            if (v.equals("true") || v.equals("false")) {
                return Boolean.parseBoolean(v);
            }
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException notWhole) {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException notNumber) {
                    return v;
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists tasks, newest first.")
    static final class TaskList extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, client().federations().tasks(), k -> row(k.id(), k.name(), k.status(), k.completedRounds(), k.runId()),
                    "ID", "NAME", "STATUS", "ROUNDS", "RUN");
        }
    }

    /** A command on one task, named by its id; unless it says otherwise, it does {@link #act} and prints the task. */
    abstract static class OnTask extends ClientCommand {
        @Parameters(paramLabel = "TASK_ID", description = "The task's id, as fl tasks list shows it.")
        String taskId;

        FederationsClient.Task act(FederationsClient federations) {
            return federations.task(taskId);
        }

        @Override
        public Integer call() {
            print(act(client().federations()));
            return 0;
        }

        void print(FederationsClient.Task task) {
            context.out().println("task " + task.id() + "  " + task.name() + "  " + task.status() + ", " + task.completedRounds()
                    + " rounds done" + (task.runId() == null ? "" : ", tracking run " + task.runId())
                    + (task.message() == null ? "" : " (" + task.message() + ")"));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A task: status, tracking run, and per round the reports, the clients' train accuracy and loss, seconds and the commit.")
    static final class TaskShow extends OnTask {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            FederationsClient.Task task = act(client().federations());
            if (output.json) {
                return JsonOutput.print(context.out(), task);
            }
            print(task);
            return table(output, task.rounds(), r -> row(r.round(), r.status(), r.participants(), metric(r, "train_accuracy"), metric(r, "train_loss"),
                    metric(r, "duration_s"), r.revision()), "ROUND", "STATUS", "CLIENTS", "TRAIN ACC", "TRAIN LOSS", "SECONDS", "COMMIT");
        }

        private static String metric(FederationsClient.Round r, String key) {
            Double v = r.metrics().get(key);
            return v == null ? "-" : String.format(Locale.ROOT, key.equals("duration_s") ? "%.1f" : "%.4f", v);
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops a running task for good (status cancelled); its completed rounds and their commits stay.")
    static final class TaskStop extends OnTask {
        @Override
        FederationsClient.Task act(FederationsClient federations) {
            return federations.stop(taskId);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pauses a running task: it finishes the round under way and holds before the next (status paused), on whichever server runs it.")
    static final class TaskPause extends OnTask {
        @Override
        FederationsClient.Task act(FederationsClient federations) {
            return federations.pause(taskId);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Lets a paused task go on with the round after its last completed one.")
    static final class TaskResume extends OnTask {
        @Override
        FederationsClient.Task act(FederationsClient federations) {
            return federations.resume(taskId);
        }
    }

    private static String instant(long epochMillis) {
        return java.time.Instant.ofEpochMilli(epochMillis).toString().substring(0, 19);
    }

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
                    "Defaults follow NIID-Bench. --model softmax (default) trains softmax regression in plain Java; --model cnn",
                    "trains the paper's CNN on DJL + PyTorch (the ./chorus launcher adds module federated-djl for it)."})
    static final class Simulate extends ClientCommand {
        @Option(names = "--experiment", defaultValue = "fl-simulate", paramLabel = "NAME",
                description = "Tracking experiment the run is logged to (default: ${DEFAULT-VALUE}; created when missing).")
        String experiment;

        @Option(names = "--no-log", description = "Do not log the run to tracking (no server needed).")
        boolean noLog;

        @Option(names = "--model", defaultValue = "softmax", paramLabel = "softmax|cnn",
                description = "The model trained: softmax (plain Java, default) or cnn (NIID-Bench's CNN on DJL + PyTorch).")
        String model;

        @Unmatched
        List<String> options = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            SimulationOptions o = SimulationOptions.parse(options.toArray(String[]::new));
            TrainerFactory trainer = SimulationModel.find(model);
            // the table shows each round; the coordinator's own per-round log lines would repeat it as raw maps
            System.setProperty("org.slf4j.simpleLogger.log.org.chorus.federated", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "warn"); // --model cnn: DJL's engine banner is not a result
            RunsClient runs = null;
            String experimentId = null;
            if (!noLog) {
                runs = client().runs();
                experimentId = runs.experimentIdOrCreate(experiment, id -> context.err().println("Created experiment " + experiment));
            }
            PrintWriter out = context.out();
            out.println(setup(o, model, trainer));
            String epsilon = o.privacy() == null ? "" : "  %8s";
            String row = "%5s  %7s  %9s  %8s  %9s" + epsilon + "  %7s%n";
            out.printf(Locale.ROOT, row, header(o));
            List<Metric> metrics = new ArrayList<>();
            Simulation.Result r = Simulation.run(o, trainer, round -> {
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
                String runId = runs.logRun(experimentId, o.strategy() + " " + o.partition() + " " + o.clients() + " clients", params(o, model),
                        metrics, Map.of("chorus.source", "chorus fl simulate"));
                out.println("logged as run " + runId + " in experiment " + experiment + ": chorus runs show " + runId);
            }
            return 0;
        }

        private static String setup(SimulationOptions o, String model, TrainerFactory trainer) {
            String params = o.strategyParams().isEmpty() ? "" : " " + o.strategyParams();
            return String.format(Locale.ROOT, "Fashion-MNIST, %s model (%,d parameters): %d clients (%s), %d per round, %d rounds of %s%s",
                    model.strip().toLowerCase(Locale.ROOT), trainer.initialModel(o.seed()).layout().size(), o.clients(), o.partition(), o.clientsPerRound(), o.rounds(), o.strategy(), params);
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

        private static Map<String, String> params(SimulationOptions o, String model) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("model", model.strip().toLowerCase(Locale.ROOT));
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
