package org.chorus.federated;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A tracking stand-in that keeps runs in memory, for tests and simulations until the tracking module is wired in. */
public final class InMemoryTracking implements TrackingLog {
    /** One logged metrics batch. */
    public record Logged(long step, Map<String, Double> metrics) {}

    /** A run as recorded. */
    public record Run(String experiment, String name, Map<String, String> params, List<Logged> metrics, String status) {}

    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    @Override
    public synchronized String startRun(String experiment, String runName, Map<String, String> params) {
        String id = "run-" + (runs.size() + 1);
        runs.put(id, new Run(experiment, runName, Map.copyOf(params), new ArrayList<>(), "RUNNING"));
        return id;
    }

    @Override
    public synchronized void logMetrics(String runId, long step, Map<String, Double> metrics) {
        runs.get(runId).metrics().add(new Logged(step, Map.copyOf(metrics)));
    }

    @Override
    public synchronized void finishRun(String runId, String status) {
        Run r = runs.get(runId);
        runs.put(runId, new Run(r.experiment(), r.name(), r.params(), r.metrics(), status));
    }

    public synchronized Map<String, Run> runs() {
        Map<String, Run> copy = new java.util.TreeMap<>();
        runs.forEach((k, r) -> copy.put(k, new Run(r.experiment(), r.name(), r.params(), List.copyOf(r.metrics()), r.status())));
        return copy;
    }
}
