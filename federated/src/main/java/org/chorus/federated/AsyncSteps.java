package org.chorus.federated;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.federated.strategy.Aggregated;
import org.chorus.federated.strategy.ClientUpdate;
import org.chorus.federated.strategy.Failure;
import org.chorus.federated.strategy.RoundContext;
import org.chorus.federated.strategy.Selection;
import org.chorus.federated.strategy.Strategy;
import org.chorus.federated.strategy.TrainAggregation;
import org.chorus.federated.tensor.Weights;

/**
 * The training half of an asynchronous (FedBuff) task. Each server step opens a fit phase for the nodes
 * that are idle now, while the phases of earlier steps stay open for their stragglers up to the
 * strategy's staleness bound. Every accepted result, whichever phase it answers, lands in one shared
 * buffer tagged with its staleness (steps since the model it trained from), and the step ends as soon as
 * the buffer holds clients-per-round results: no round barrier waits for the slowest node.
 */
final class AsyncSteps implements AutoCloseable {
    private final DefaultCoordinator c;
    private final String taskId;
    private final List<Phase> lingering = new ArrayList<>();
    private final Map<Phase, long[]> bytesCounted = new HashMap<>();
    /** The step being filled and its number; guarded by this. */
    private TrainAggregation buffer;
    private int bufferRound;

    AsyncSteps(DefaultCoordinator coordinator, String taskId) {
        this.c = coordinator;
        this.taskId = taskId;
    }

    /**
     * One attempt at server step {@code round}: selects among the available nodes that are not still training
     * for an earlier step, then waits until the buffer holds clients-per-round results, the deadline passes or
     * nobody is left to answer. The aggregate is null when the attempt is abandoned.
     */
    TrainedRound attempt(TaskSpec spec, Strategy strategy, RoundPrivacy privacy, Checkpoint current, int round, int attempt,
                         List<String> available) throws InterruptedException {
        synchronized (this) {
            if (buffer == null || bufferRound != round) {
                buffer = privacy.aggregation(strategy.aggregateTrain(round, current.model(), current.state()), current.model(), current.state());
                bufferRound = round;
            }
        }
        List<String> idle = new ArrayList<>(available);
        idle.removeAll(busy());
        RoundContext ctx = new RoundContext(round, idle, spec.clientsPerRound(), spec.overSelection(), spec.seed() + attempt * 7919L, spec.clientConfig());
        Selection selection = strategy.configureTrain(ctx);
        Phase fit = new Phase(taskId, round, Phase.Kind.FIT, taskId + ":" + round + ":fit:" + attempt, current.model(),
                privacy.instruction(selection.config(), current.state()), selection.nodes(), spec.clientsPerRound(), c.clock.millis() + spec.roundTimeoutMs(), staleInto(round));
        lingering.add(fit);
        c.openPhase(fit);
        while (count() < spec.clientsPerRound() && c.clock.millis() < fit.deadlineMs && !busy().isEmpty()) {
            Thread.sleep(20);
        }
        int reports = count();
        List<Failure> failures = closeFinished(round + 1 - strategy.maxStaleness());
        long[] bytes = bytesSinceLastStep();
        if (reports < spec.minClients()) {
            return new TrainedRound(null, reports, failures.size(), bytes[0], bytes[1], Map.of());
        }
        Aggregated agg;
        synchronized (this) {
            // the next step's buffer opens in the same critical section, so no straggler lands in between
            agg = buffer.finish(failures);
            Weights next = new Weights(current.model().layout(), agg.values());
            buffer = privacy.aggregation(strategy.aggregateTrain(round + 1, next, agg.state()), next, agg.state());
            bufferRound = round + 1;
        }
        return new TrainedRound(agg, reports, failures.size(), bytes[0], bytes[1], Map.of());
    }

    private synchronized int count() {
        return buffer.count();
    }

    /** Feeds a phase's accepted results into whichever step is being filled when they arrive. */
    private TrainAggregation staleInto(int startedRound) {
        return new TrainAggregation() {
            @Override
            public void accept(ClientUpdate u) {
                synchronized (AsyncSteps.this) {
                    buffer.accept(new ClientUpdate(u.node(), u.values(), u.base(), u.numExamples(), bufferRound - startedRound, u.metrics()));
                }
            }

            @Override
            public int count() {
                return AsyncSteps.this.count();
            }

            @Override
            public Aggregated finish(List<Failure> failures) {
                throw new IllegalStateException("a FedBuff step finishes the shared buffer, not one phase");
            }
        };
    }

    private Set<String> busy() {
        Set<String> out = new HashSet<>();
        lingering.forEach(p -> out.addAll(p.busy()));
        return out;
    }

    /**
     * Closes the phases whose results would be older than the bound in the next step, are past their
     * deadline, or have nobody left to answer; returns their failures (stragglers, rejected results).
     */
    private List<Failure> closeFinished(int oldestKept) {
        List<Failure> failures = new ArrayList<>();
        long now = c.clock.millis();
        for (Phase p : lingering) {
            if (p.round < oldestKept || now >= p.deadlineMs || p.busy().isEmpty()) {
                failures.addAll(p.close().stream().map(f -> p.round < oldestKept && f.reason().startsWith("no result")
                        ? new Failure(f.node(), "result would be staler than the bound") : f).toList());
                c.closePhase(p);
            }
        }
        return failures;
    }

    /** Bytes moved by every phase since the last step counted them; closed phases are then forgotten. */
    private long[] bytesSinceLastStep() {
        long in = 0;
        long out = 0;
        for (Phase p : lingering) {
            long[] seen = bytesCounted.computeIfAbsent(p, k -> new long[2]);
            long i = p.bytesIn.get();
            long o = p.bytesOut.get();
            in += i - seen[0];
            out += o - seen[1];
            seen[0] = i;
            seen[1] = o;
        }
        lingering.removeIf(p -> {
            boolean closed = !c.isOpen(p);
            if (closed) {
                bytesCounted.remove(p);
            }
            return closed;
        });
        return new long[] {in, out};
    }

    /** Closes every phase still open, when the task ends or stops. */
    @Override
    public void close() {
        lingering.forEach(p -> {
            p.close();
            c.closePhase(p);
        });
        lingering.clear();
    }
}
