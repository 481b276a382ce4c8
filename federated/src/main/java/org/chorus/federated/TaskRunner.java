package org.chorus.federated;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.chorus.federated.strategy.Aggregated;
import org.chorus.federated.strategy.Failure;
import org.chorus.federated.strategy.RoundContext;
import org.chorus.federated.strategy.Selection;
import org.chorus.federated.strategy.Strategy;
import org.chorus.federated.strategy.StrategyState;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's round loop, on its own virtual thread: selection → configuration → reporting →
 * aggregation (→ evaluation), then checkpoint, SQL row, hub revision and tracking metrics; under secure
 * aggregation {@link SecureRound} does the training part. A round with
 * too few reports is abandoned and retried; after a restart the loop resumes from the last completed
 * round's checkpoint.
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final DefaultCoordinator c;
    private final String taskId;
    private volatile Thread thread;
    /** Set for an asynchronous strategy while the task runs. */
    private AsyncSteps async;
    /** The current attempt's nodes, filled as its phases close (asynchronous steps close theirs in {@link AsyncSteps}). */
    private volatile RoundOutcomes outcomes = new RoundOutcomes();

    TaskRunner(DefaultCoordinator coordinator, String taskId) {
        this.c = coordinator;
        this.taskId = taskId;
    }

    void start() {
        thread = Thread.ofVirtual().name("fl-task-" + taskId).start(this::runSafely);
    }

    void stop() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code ms} for the round loop's thread to end. */
    void awaitEnd(long ms) throws InterruptedException {
        Thread t = thread;
        if (t == null) {
            Thread.sleep(Math.min(ms, 20)); // registered, not yet started
        } else {
            t.join(ms);
        }
    }

    private void runSafely() {
        try {
            run();
        } catch (InterruptedException e) {
            LOG.info("task {} stopped; it resumes when the coordinator starts again", taskId);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.info("task {} stopped during {}", taskId, e.toString());
                return;
            }
            LOG.error("task {} failed", taskId, e);
            c.store.finishTask(taskId, "failed", String.valueOf(e.getMessage()));
            c.finished(taskId);
        }
    }

    private void run() throws InterruptedException {
        SqlStore.TaskRow row = c.store.task(taskId).orElseThrow();
        TaskSpec spec = Json.spec(row.spec());
        Strategy strategy = Strategy.create(spec.strategy(), spec.strategyParams());
        if (strategy.asynchronous()) {
            async = new AsyncSteps(c, taskId);
        }
        try {
            runRounds(row, spec, strategy);
        } finally {
            if (async != null) {
                async.close();
            }
        }
    }

    private void runRounds(SqlStore.TaskRow row, TaskSpec spec, Strategy strategy) throws InterruptedException {
        Checkpoint current = row.completedRounds() == 0
                ? new Checkpoint(0, Safetensors.read(c.ports.source().read(spec.baseRepo(), spec.baseRevision(), "model.safetensors")).weights(), StrategyState.EMPTY)
                : Checkpoint.fromBytes(c.ports.store().load(taskId, row.completedRounds())
                        .orElseThrow(() -> new IllegalStateException("checkpoint of round " + row.completedRounds() + " is missing")));
        String runId = row.runId();
        if (runId == null) {
            runId = c.ports.tracking().startRun("federated/" + spec.federation(), spec.name(), params(spec, strategy));
            c.store.setRunId(taskId, runId);
        } else {
            LOG.info("task {} resumes after round {}", taskId, row.completedRounds());
            finishPublishing(spec, strategy, current, runId);
        }
        RoundPrivacy privacy = RoundPrivacy.resume(spec, c.roundViews(taskId));
        for (int round = row.completedRounds() + 1; round <= spec.rounds(); round++) {
            if (!mayGoOn(round)) {
                c.finished(taskId);
                return;
            }
            String stop = privacy.beforeRound(c.store.nodes(row.federationId()).size());
            if (stop != null) {
                LOG.info("task {} ends before round {}: {}", taskId, round, stop);
                if (c.store.finishTask(taskId, "completed", stop)) {
                    c.ports.tracking().finishRun(runId, "FINISHED");
                }
                c.finished(taskId);
                return;
            }
            current = runRound(spec, strategy, privacy, current, round, runId);
            if (current == null) {
                if (c.store.finishTask(taskId, "failed", "round " + round + " had too few reports in " + spec.maxAttempts() + " attempts")) {
                    c.ports.tracking().finishRun(runId, "FAILED");
                }
                c.finished(taskId);
                return;
            }
        }
        if (c.store.finishTask(taskId, "completed", null)) { // false when an administrator stopped it meanwhile
            c.ports.tracking().finishRun(runId, "FINISHED");
        }
        c.finished(taskId);
    }

    /**
     * Before a round: holds while the task is paused, and says whether to go on at all. It reads the task's row, not
     * this process's state, so a pause, resume or stop asked through another server on the same database counts (the
     * one that stopped it has marked the task and ended its tracking run).
     */
    private boolean mayGoOn(int round) throws InterruptedException {
        boolean held = false;
        while (true) {
            SqlStore.TaskRow now = c.store.task(taskId).orElse(null);
            if (now == null || !now.status().equals("running")) {
                LOG.info("task {} is {} before round {}: its loop ends", taskId, now == null ? "gone" : now.status(), round);
                return false;
            }
            if (now.pausedAt() == null) {
                if (held) {
                    LOG.info("task {} resumes with round {}", taskId, round);
                }
                return true;
            }
            if (!held) {
                LOG.info("task {} is paused before round {}", taskId, round);
                held = true;
            }
            Thread.sleep(c.config.pollIntervalMs());
        }
    }

    /** Runs attempts of one round until one completes; returns its checkpoint, or null when all attempts were abandoned. */
    private Checkpoint runRound(TaskSpec spec, Strategy strategy, RoundPrivacy privacy, Checkpoint current, int round, String runId)
            throws InterruptedException {
        for (int attempt = 1; attempt <= spec.maxAttempts(); attempt++) {
            long started = System.nanoTime();
            long startedAt = c.clock.millis();
            outcomes = new RoundOutcomes();
            List<String> available = awaitNodes(spec);
            RoundContext ctx = new RoundContext(round, available, spec.clientsPerRound(), spec.overSelection(), spec.seed() + attempt * 7919L, spec.clientConfig());
            TrainedRound trained = async != null ? async.attempt(spec, strategy, privacy, current, round, attempt, available)
                    : spec.secureAggregation() == null ? train(spec, strategy, privacy, current, round, attempt, ctx)
                    : new SecureRound(c, taskId, spec, strategy, privacy, current, round, attempt, this::runPhase).run(available);
            if (trained.aggregated() == null) {
                LOG.warn("task {} round {} attempt {} abandoned: {} reports, {} needed", taskId, round, attempt, trained.reports(), spec.minClients());
                c.store.abandonRound(taskId, new SqlStore.RoundRow(round, attempt, "abandoned", trained.reports(), trained.failures(),
                        trained.bytesIn(), trained.bytesOut(), null, Json.write(trained.extra()), outcomes, startedAt));
                continue;
            }
            Aggregated agg = trained.aggregated();
            Weights next = new Weights(current.model().layout(), agg.values());
            Map<String, Double> metrics = new TreeMap<>();
            agg.metrics().forEach((k, v) -> metrics.put(k.startsWith("clients") || k.startsWith("failures") || k.equals("examples")
                    || k.equals("mean_staleness") ? k : "train_" + k, v));
            metrics.putAll(trained.extra());
            metrics.putAll(privacy.afterRound(current.state()));
            long bytesIn = trained.bytesIn();
            long bytesOut = trained.bytesOut();
            if (spec.evaluateEvery() > 0 && (round % spec.evaluateEvery() == 0 || round == spec.rounds())) {
                Selection es = strategy.configureEvaluate(ctx);
                Phase eval = new Phase(taskId, round, Phase.Kind.EVALUATE, taskId + ":" + round + ":eval:" + attempt, next, es.config(),
                        es.nodes(), es.nodes().size(), c.clock.millis() + spec.roundTimeoutMs(), null);
                List<Failure> evalFailures = runPhase(eval);
                if (!eval.evaluations().isEmpty()) {
                    strategy.aggregateEvaluate(eval.evaluations(), evalFailures).forEach((k, v) -> metrics.put(k.startsWith("eval_") ? k : "eval_" + k, v));
                }
                bytesIn += eval.bytesIn.get();
                bytesOut += eval.bytesOut.get();
            }
            metrics.put("bytes_in", (double) bytesIn);
            metrics.put("bytes_out", (double) bytesOut);
            metrics.put("attempts", (double) attempt);
            metrics.put("duration_s", (System.nanoTime() - started) / 1e9);
            Checkpoint done = new Checkpoint(round, next, agg.state());
            byte[] checkpoint = done.toBytes();
            c.ports.store().save(taskId, round, checkpoint);
            c.store.completeRound(taskId, new SqlStore.RoundRow(round, attempt, "completed", trained.reports(), trained.failures(), bytesIn, bytesOut,
                    null, Json.write(metrics), outcomes, startedAt));
            publish(spec, strategy, next, round);
            c.ports.tracking().logMetrics(runId, round, metrics);
            LOG.info("task {} round {} done: {} participants, {}", taskId, round, trained.reports(), metrics);
            return done;
        }
        return null;
    }

    /** Plain training: every selected node uploads its weights, which stream into the strategy's aggregation. */
    private TrainedRound train(TaskSpec spec, Strategy strategy, RoundPrivacy privacy, Checkpoint current, int round, int attempt,
                               RoundContext ctx) throws InterruptedException {
        Selection selection = strategy.configureTrain(ctx);
        Phase fit = new Phase(taskId, round, Phase.Kind.FIT, taskId + ":" + round + ":fit:" + attempt, current.model(),
                privacy.instruction(selection.config(), current.state()), selection.nodes(), spec.clientsPerRound(),
                c.clock.millis() + spec.roundTimeoutMs(),
                privacy.aggregation(strategy.aggregateTrain(round, current.model(), current.state()), current.model(), current.state()));
        List<Failure> failures = runPhase(fit);
        Aggregated agg = fit.reports() < spec.minClients() ? null : fit.aggregation().finish(failures);
        return new TrainedRound(agg, fit.reports(), failures.size(), fit.bytesIn.get(), fit.bytesOut.get(), Map.of());
    }

    private List<Failure> runPhase(Phase p) throws InterruptedException {
        c.openPhase(p);
        try {
            p.await(c.clock);
        } finally {
            c.closePhase(p);
        }
        List<Failure> failures = p.close();
        outcomes.add(p);
        return failures;
    }

    /** Waits up to one round timeout for the minimum number of live nodes; returns those alive then. */
    private List<String> awaitNodes(TaskSpec spec) throws InterruptedException {
        long end = c.clock.millis() + spec.roundTimeoutMs();
        String federationId = c.store.task(taskId).orElseThrow().federationId();
        List<String> alive = c.alive(federationId);
        while (alive.size() < spec.minClients() && c.clock.millis() < end) {
            Thread.sleep(20);
            alive = c.alive(federationId);
        }
        return alive;
    }

    /**
     * A node killed between a round's SQL commit and its hub revision left that round unpublished (and, logged after
     * it, without tracking metrics): the node resuming the task publishes and logs it from its checkpoint.
     */
    private void finishPublishing(TaskSpec spec, Strategy strategy, Checkpoint last, String runId) {
        if (spec.publishRepo() == null || last.round() == 0) {
            return; // without a hub revision there is no mark of what was logged
        }
        c.store.rounds(taskId).stream().filter(r -> r.round() == last.round() && r.revision() == null).findFirst().ifPresent(r -> {
            Optional<String> made = c.ports.publisher().head(spec.publishRepo(), message(spec, r.round()));
            if (made.isPresent()) {
                LOG.info("task {}: recording round {}'s revision, which its previous node published but did not record", taskId, r.round());
                c.store.setRevision(taskId, r.round(), made.get());
            } else {
                LOG.info("task {}: publishing round {}, which its previous node committed but did not publish", taskId, r.round());
                publish(spec, strategy, last.model(), r.round());
            }
            c.ports.tracking().logMetrics(runId, r.round(), Json.metrics(r.metrics()));
        });
    }

    private static String message(TaskSpec spec, int round) {
        return spec.name() + ": round " + round + " of " + spec.rounds();
    }

    private void publish(TaskSpec spec, Strategy strategy, Weights model, int round) {
        if (spec.publishRepo() == null) {
            return;
        }
        String federationId = c.store.task(taskId).orElseThrow().federationId();
        Map<String, String> nodeStats = new TreeMap<>();
        c.store.nodes(federationId).forEach(n -> nodeStats.put(n.name(), n.properties()));
        String card = ModelCard.render(spec, strategy.parameters(), c.roundViews(taskId), nodeStats);
        byte[] bytes = Safetensors.write(model, Map.of("format", "pt", "chorus_task", taskId, "round", Integer.toString(round)));
        String revision = c.ports.publisher().commit(spec.publishRepo(), message(spec, round),
                Checkpoint.files(bytes, card));
        c.store.setRevision(taskId, round, revision);
    }

    private static Map<String, String> params(TaskSpec spec, Strategy strategy) {
        Map<String, String> p = new HashMap<>();
        p.put("strategy", strategy.name());
        strategy.parameters().forEach((k, v) -> p.put("strategy." + k, Double.toString(v)));
        p.put("rounds", Integer.toString(spec.rounds()));
        p.put("clients_per_round", Integer.toString(spec.clientsPerRound()));
        p.put("min_clients", Integer.toString(spec.minClients()));
        p.put("over_selection", Double.toString(spec.overSelection()));
        p.put("round_timeout_ms", Long.toString(spec.roundTimeoutMs()));
        p.put("base_model", spec.baseRepo() + "@" + spec.baseRevision());
        spec.clientConfig().forEach((k, v) -> p.put("client." + k, String.valueOf(v)));
        p.putAll(RoundPrivacy.params(spec));
        return p;
    }
}
