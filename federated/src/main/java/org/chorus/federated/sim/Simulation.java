package org.chorus.federated.sim;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.core.FileTrees;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.federated.Coordinator;
import org.chorus.federated.FederatedServer;
import org.chorus.federated.InMemoryHub;
import org.chorus.federated.InMemoryTracking;
import org.chorus.federated.ModelStore;
import org.chorus.federated.TaskSpec;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;

/**
 * Runs N virtual clients against the real coordinator in one process: the same gRPC service and client
 * SDK over an in-process transport, SQLite in a temporary directory, in-memory hub and tracking. The
 * final global model is evaluated centrally on the test split.
 */
public final class Simulation {
    /**
     * How often a virtual client that has reported asks for its next instruction. Each idle pull is a gRPC call, a session
     * check and a look in SQL for another node's task; at 10 ms the server threads answering them took 9 % of a CNN
     * simulation's CPU (bench/federated/RESULTS.md), at 100 ms still about 2 %. The next round starts when the first
     * idle client pulls: with k clients idle at uniformly spread times, on average this interval / (k + 1) after the
     * round opens (at most the interval with one client).
     */
    static final int IDLE_PULL_MS = 250;
    /**
     * The virtual clients' heartbeat interval: the coordinator's default. In one process nodes do not vanish, so liveness
     * needs no finer grain; three missed beats (15 s) also leave room for a client thread starved on a loaded machine.
     */
    static final int HEARTBEAT_MS = 5_000;

    private Simulation() {}

    /** What one simulation did. */
    public record Result(double testAccuracy, double testLoss, double wallSeconds, Coordinator.TaskView task, Map<String, String> partitions) {
        /** ε spent after the last round (NaN without DP). */
        public double epsilon() {
            List<Coordinator.RoundView> rounds = task.rounds();
            return rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).metrics().getOrDefault("dp_epsilon", Double.NaN);
        }
    }

    /**
     * One completed round as a person follows it: the clients that reported, their mean accuracy on their own training
     * data, the global model's accuracy and loss on the held-out test split, ε spent so far (NaN without DP) and the
     * round's duration.
     */
    public record RoundReport(int round, int clients, double trainAccuracy, double testAccuracy, double testLoss, double epsilon,
                              double seconds) {}

    /** Hears of each round as it completes. */
    public interface RoundListener {
        void completed(RoundReport round);
    }

    public static Result run(SimulationOptions o, TrainerFactory factory) throws IOException, InterruptedException {
        return run(o, factory, null);
    }

    /**
     * As {@link #run(SimulationOptions, TrainerFactory)}, evaluating every round's global model on the test split and
     * telling {@code listener} (null: only the final model is evaluated).
     */
    public static Result run(SimulationOptions o, TrainerFactory factory, RoundListener listener) throws IOException, InterruptedException {
        return run(o, factory, Dataset.fashionMnist(o.dataDir(), "train"), Dataset.fashionMnist(o.dataDir(), "t10k"), listener);
    }

    /** As {@link #run(SimulationOptions, TrainerFactory)} on splits already read (benchmarks run many simulations on one). */
    public static Result run(SimulationOptions o, TrainerFactory factory, Dataset fullTrain, Dataset fullTest) throws IOException, InterruptedException {
        return run(o, factory, fullTrain, fullTest, null);
    }

    private static Result run(SimulationOptions o, TrainerFactory factory, Dataset fullTrain, Dataset fullTest, RoundListener listener)
            throws IOException, InterruptedException {
        Dataset train = fullTrain.head(o.trainLimit());
        Dataset test = fullTest.head(o.testLimit());
        int[][] parts = Partitioner.parse(o.partition()).split(train.labels(), train.classes(), o.clients(), o.seed());
        Map<String, String> stats = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            int[] hist = new int[train.classes()];
            for (int idx : parts[i]) {
                hist[train.labels()[idx]]++;
            }
            stats.put("client-" + i, parts[i].length + " examples, labels " + java.util.Arrays.toString(hist));
        }
        Path dir = Files.createTempDirectory("chorus-fl-sim");
        try {
            return runIn(dir, o, factory, train, test, parts, stats, listener);
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** The simulation with its coordinator's database in {@code dir}, which the caller deletes afterwards. */
    private static Result runIn(Path dir, SimulationOptions o, TrainerFactory factory, Dataset train, Dataset test, int[][] parts,
            Map<String, String> stats, RoundListener listener) throws IOException, InterruptedException {
        long started = System.nanoTime();
        InMemoryHub hub = new InMemoryHub();
        hub.put("sim/base", "main", "model.safetensors", Safetensors.write(factory.initialModel(o.seed()), Map.of()));
        ModelStore store = ModelStore.inMemory();
        try (Database db = Database.open(DatabaseUrl.sqlite(dir.resolve("sim.db")));
             Coordinator c = Coordinator.start(db, new Coordinator.Ports(hub, hub, new InMemoryTracking(), store),
                     new Coordinator.CoordinatorConfig(HEARTBEAT_MS, IDLE_PULL_MS, 2_000), Clock.systemUTC())) {
            String name = "sim-" + System.nanoTime();
            FederatedServer server = FederatedServer.inProcess(c, name);
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            String token = c.createFederation("simulation");
            List<FederatedClient> clients = new ArrayList<>();
            Dataset flipped = o.attack() == Attack.LABEL_FLIP ? ByzantineTrainer.labelFlipped(train) : train;
            for (int i = 0; i < o.clients(); i++) {
                long seed = o.seed() * 31 + i;
                LocalTrainer t = i < o.byzantineClients() ? ByzantineTrainer.of(factory.create(flipped, parts[i], seed), o.attack(), seed)
                        : factory.create(train, parts[i], seed);
                clients.add(FederatedClient.builder(channel).federation("simulation", token).nodeName("client-" + i)
                        .property("examples", Integer.toString(parts[i].length)).trainer(t).backoff(20, 1_000).build().start());
            }
            TaskSpec.Builder spec = TaskSpec.builder("simulation", "simulation", "sim/base", "main")
                    .strategy(o.strategy(), o.strategyParams()).rounds(o.rounds())
                    .clients(o.clientsPerRound(), Math.max(1, o.clientsPerRound() / 2), 1.0).roundTimeoutMs(o.roundTimeoutMs())
                    .evaluateEvery(0).seed(o.seed()).privacy(o.privacy()).normBound(o.normBound()).partitionStats(Map.of("partition", o.partition(), "clients", Integer.toString(o.clients())))
                    .clientSetting("epochs", (long) o.epochs()).clientSetting("batch_size", (long) o.batchSize())
                    .clientSetting("lr", o.lr()).clientSetting("momentum", o.momentum());
            long until = System.nanoTime() + 60_000_000_000L;
            while (c.connectedNodes() < o.clients() && System.nanoTime() < until) {
                Thread.sleep(5); // every virtual client registered, so round 1 selects from all of them
            }
            String taskId = c.startTask(spec.build());
            Coordinator.TaskView view = listener == null ? c.await(taskId, Duration.ofHours(24)) : follow(c, taskId, store, factory, test, listener);
            clients.forEach(FederatedClient::close);
            channel.shutdownNow();
            server.close();
            if (!view.status().equals("completed")) {
                throw new IllegalStateException("simulation task ended " + view.status() + ": " + view.message());
            }
            Map<String, Double> eval = evaluate(store, taskId, view.completedRounds(), factory, test);
            return new Result(eval.getOrDefault("accuracy", Double.NaN), eval.getOrDefault("loss", Double.NaN),
                    (System.nanoTime() - started) / 1e9, view, stats);
        }
    }

    /** Waits for the task to end, evaluating each round's model on the test split as it completes and reporting it. */
    private static Coordinator.TaskView follow(Coordinator c, String taskId, ModelStore store, TrainerFactory factory, Dataset test,
            RoundListener listener) throws InterruptedException {
        int reported = 0;
        while (true) {
            Coordinator.TaskView view = c.task(taskId);
            for (Coordinator.RoundView r : view.rounds()) {
                if (r.round() > reported && r.status().equals("completed")) {
                    Map<String, Double> eval = evaluate(store, taskId, r.round(), factory, test);
                    Map<String, Double> m = r.metrics();
                    listener.completed(new RoundReport(r.round(), r.participants(), m.getOrDefault("train_accuracy", Double.NaN),
                            eval.getOrDefault("accuracy", Double.NaN), eval.getOrDefault("loss", Double.NaN),
                            m.getOrDefault("dp_epsilon", Double.NaN), m.getOrDefault("duration_s", Double.NaN)));
                    reported = r.round();
                }
            }
            if (!view.status().equals("running")) {
                return view;
            }
            Thread.sleep(IDLE_PULL_MS); // a round takes far longer; reading the task from SQL more often only costs CPU
        }
    }

    /** The global model after {@code round}, evaluated centrally on the whole test split. */
    private static Map<String, Double> evaluate(ModelStore store, String taskId, int round, TrainerFactory factory, Dataset test) {
        Weights model = Safetensors.read(store.load(taskId, round).orElseThrow()).weights();
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try {
            return factory.create(test, all, 0).evaluate(named(model), new org.chorus.client.federated.Config(Map.of())).metrics();
        } catch (Exception e) {
            throw new IllegalStateException("central evaluation failed", e);
        }
    }

    /** The model as the SDK's named tensors, in layout order. */
    public static List<NamedTensor> named(Weights w) {
        List<NamedTensor> out = new ArrayList<>();
        for (TensorSpec t : w.layout().tensors()) {
            out.add(new NamedTensor(t.name(), t.shape(), w.tensor(t.name())));
        }
        return out;
    }

    /** Plain-Java trainer (softmax regression) for quick runs; the CNN reference trainer lives in federated-djl. */
    public static TrainerFactory softmax() {
        return SoftmaxTrainer.factory(28 * 28, 10);
    }

    /** {@code --key=value} options as in {@link SimulationOptions#parse}; prints one line of results. */
    public static void main(String[] args) throws Exception {
        SimulationOptions o = SimulationOptions.parse(args);
        Result r = run(o, softmax());
        System.out.printf(java.util.Locale.ROOT, "strategy=%s partition=%s rounds=%d accuracy=%.4f loss=%.4f epsilon=%.4f wall_s=%.1f%n",
                o.strategy(), o.partition(), r.task().completedRounds(), r.testAccuracy(), r.testLoss(), r.epsilon(), r.wallSeconds());
    }
}
