package org.chorus.federated;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.chorus.federated.secure.secagg.SecAggException;
import org.chorus.federated.strategy.ClientUpdate;
import org.chorus.federated.strategy.EvaluateResult;
import org.chorus.federated.strategy.Failure;
import org.chorus.federated.strategy.RejectedUpdate;
import org.chorus.federated.strategy.TrainAggregation;
import org.chorus.federated.tensor.VectorMath;
import org.chorus.federated.tensor.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open phase of a round (fit, evaluate, or one stage of secure aggregation): who was selected, what
 * they get, and what came back. Results are admitted, then completed or failed; accepted fit results go
 * straight into the strategy's streaming aggregation, secure-aggregation answers into the round's
 * {@link SecureStage}. Everything is guarded by the phase's monitor.
 */
final class Phase {
    enum Kind {
        FIT, EVALUATE, SECAGG_SETUP, SECAGG_SHARE, SECAGG_MASK, SECAGG_UNMASK;

        boolean secure() {
            return this != FIT && this != EVALUATE;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Phase.class);

    final String taskId;
    final int round;
    final Kind kind;
    final String modelRef;
    final Weights model;
    final Map<String, Object> config;
    final long deadlineMs;
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    private final Set<String> selected;
    private final int target;
    private final TrainAggregation aggregation;
    private final SecureStage secure;
    private final List<EvaluateResult> evaluations = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private final Set<String> inFlight = new HashSet<>();
    private final Map<String, String> failed = new java.util.LinkedHashMap<>();
    /** Failed nodes that dropped out (no result by the deadline, disconnected) rather than had a result rejected. */
    private final Set<String> dropped = new HashSet<>();
    private boolean closed;

    Phase(String taskId, int round, Kind kind, String modelRef, Weights model, Map<String, Object> config, List<String> selected,
          int target, long deadlineMs, TrainAggregation aggregation) {
        this(taskId, round, kind, modelRef, model, config, selected, target, deadlineMs, aggregation, null);
    }

    /** A secure-aggregation stage: every selected node is asked, answers go to {@code secure}. */
    Phase(String taskId, int round, Kind kind, String modelRef, Weights model, Map<String, Object> config, List<String> selected,
          long deadlineMs, SecureStage secure) {
        this(taskId, round, kind, modelRef, model, config, selected, selected.size(), deadlineMs, null, secure);
    }

    private Phase(String taskId, int round, Kind kind, String modelRef, Weights model, Map<String, Object> config, List<String> selected,
                  int target, long deadlineMs, TrainAggregation aggregation, SecureStage secure) {
        this.taskId = taskId;
        this.round = round;
        this.kind = kind;
        this.modelRef = modelRef;
        this.model = model;
        this.config = config;
        this.selected = new LinkedHashSet<>(selected);
        this.target = target;
        this.deadlineMs = deadlineMs;
        this.aggregation = aggregation;
        this.secure = secure;
    }

    /** The SecAggWire bytes this phase sends the node (empty outside secure aggregation). */
    byte[] instructionFor(String node) {
        return secure == null ? new byte[0] : secure.instructionFor(node);
    }

    /** Coordinates of a masked input this phase accepts (secure aggregation's mask stage only). */
    int maskedLength() {
        return secure.maskedLength();
    }

    /** Whether the node was selected for this phase (fixed when the phase opens). */
    boolean selects(String node) {
        return selected.contains(node);
    }

    /** Whether the node should be handed this phase's instruction now. */
    synchronized boolean wants(String node) {
        return !closed && selected.contains(node) && !reported.contains(node) && !failed.containsKey(node) && !inFlight.contains(node);
    }

    /** Null when the node may upload a result for this phase, else the reason it may not. */
    synchronized String admit(String node, int resultRound, Kind resultKind) {
        String reason;
        if (resultRound != round || resultKind != kind) {
            reason = "result for " + resultKind + " round " + resultRound + " but the open phase is " + kind + " round " + round;
        } else if (closed) {
            reason = "round " + round + " has ended";
        } else if (!selected.contains(node)) {
            reason = "node was not selected for round " + round;
        } else if (reported.contains(node) || inFlight.contains(node)) {
            reason = "duplicate submission for round " + round;
        } else if (failed.containsKey(node)) {
            reason = "node already failed round " + round + ": " + failed.get(node);
        } else {
            inFlight.add(node);
            return null;
        }
        LOG.info("task {} rejected a result from node {}: {}", taskId, node, reason);
        return reason;
    }

    /** Adds an uploaded result; null when accepted, else the reason (the node then counts as failed). */
    synchronized String complete(String node, float[] values, long numExamples, Map<String, Double> metrics) {
        inFlight.remove(node);
        String reason = null;
        if (closed) {
            reason = "round " + round + " ended before the upload finished";
        } else if (numExamples <= 0) {
            reason = "num_examples must be positive";
        } else if (values != null && !VectorMath.allFinite(values)) {
            reason = "update contains NaN or infinite values";
        } else if (metrics.values().stream().anyMatch(v -> !Double.isFinite(v))) {
            reason = "metrics contain NaN or infinite values";
        }
        if (reason != null) {
            fail(node, reason);
            return reason;
        }
        if (kind == Kind.FIT) {
            try {
                aggregation.accept(new ClientUpdate(node, values, model.values(), numExamples, 0, metrics));
            } catch (RejectedUpdate e) {
                fail(node, e.getMessage());
                return e.getMessage();
            }
        } else {
            evaluations.add(new EvaluateResult(node, numExamples, metrics));
        }
        reported.add(node);
        notifyAll();
        return null;
    }

    /** Adds a secure-aggregation answer; null when accepted, else the reason (the node then drops out of the round). */
    synchronized String completeSecure(String node, SecureStage.Answer answer) {
        inFlight.remove(node);
        String reason = null;
        if (closed) {
            reason = "stage " + kind + " of round " + round + " ended before the upload finished";
        } else if (answer.metrics().values().stream().anyMatch(v -> !Double.isFinite(v))) {
            reason = "metrics contain NaN or infinite values";
        } else {
            try {
                secure.accept(node, answer);
            } catch (SecAggException e) {
                reason = e.getMessage();
            }
        }
        if (reason != null) {
            fail(node, reason);
            return reason;
        }
        reported.add(node);
        notifyAll();
        return null;
    }

    /** A node that went away mid-upload: it fails the phase as a drop-out, not as a rejected result. */
    synchronized void drop(String node, String reason) {
        if (!closed && selected.contains(node) && !reported.contains(node) && !failed.containsKey(node)) {
            dropped.add(node);
        }
        fail(node, reason);
    }

    synchronized void fail(String node, String reason) {
        inFlight.remove(node);
        if (!closed && selected.contains(node) && !reported.contains(node)) {
            failed.putIfAbsent(node, reason);
            LOG.info("task {} round {}: node {} failed: {}", taskId, round, node, reason);
        }
        notifyAll();
    }

    /** Blocks until the target number of reports arrived, every selected node answered, or the deadline passed. */
    synchronized void await(java.time.Clock clock) throws InterruptedException {
        while (true) {
            long left = deadlineMs - clock.millis();
            if (reported.size() >= target || reported.size() + failed.size() >= selected.size() || left <= 0) {
                return;
            }
            wait(Math.min(left, 50));
        }
    }

    /** Stops admitting results; selected nodes that did not answer become stragglers. */
    synchronized List<Failure> close() {
        closed = true;
        for (String node : selected) {
            if (!reported.contains(node) && !failed.containsKey(node)) {
                failed.put(node, inFlight.contains(node) ? "upload unfinished at the deadline" : "no result before the deadline");
                dropped.add(node);
            }
        }
        List<Failure> out = new ArrayList<>();
        failed.forEach((n, r) -> out.add(new Failure(n, r)));
        return out;
    }

    /** Who this phase asked and how each failed one failed, for the round's record; call after {@link #close}. */
    synchronized List<RoundOutcomes.NodeOutcome> outcomes() {
        List<RoundOutcomes.NodeOutcome> out = new ArrayList<>();
        failed.forEach((n, r) -> out.add(new RoundOutcomes.NodeOutcome(n, kind.name().toLowerCase(java.util.Locale.ROOT), r, dropped.contains(n))));
        return out;
    }

    Set<String> selected() {
        return java.util.Collections.unmodifiableSet(selected);
    }

    /** Selected nodes that have neither reported nor failed: still training, as far as this phase knows. */
    synchronized Set<String> busy() {
        Set<String> out = new HashSet<>(selected);
        out.removeAll(reported);
        out.removeAll(failed.keySet());
        return out;
    }

    synchronized int reports() {
        return reported.size();
    }

    synchronized List<String> participants() {
        return List.copyOf(reported);
    }

    synchronized List<EvaluateResult> evaluations() {
        return List.copyOf(evaluations);
    }

    TrainAggregation aggregation() {
        return aggregation;
    }
}
