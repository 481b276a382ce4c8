package org.chorus.server.fl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.federated.TrackingLog;
import org.chorus.tracking.Caller;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.RunStatus;
import org.chorus.tracking.TrackingStore;

/**
 * The coordinator's tracking port: one MLflow run per task, in an experiment named after the federation task. The
 * server writes them itself, so the experiments it creates have no owner (site admins manage them).
 */
final class TrackingLogAdapter implements TrackingLog {
    /** MLflow's limit on metrics in one logBatch call. */
    private static final int METRICS_PER_BATCH = 1000;
    private final TrackingStore store;
    private final Clock clock;

    TrackingLogAdapter(TrackingStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String startRun(String experiment, String runName, Map<String, String> params) {
        String experimentId;
        try {
            experimentId = store.getExperimentByName(experiment).experimentId();
        } catch (ChorusException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            experimentId = store.createExperiment(Caller.server(), experiment, null, Map.of());
        }
        String runId = store.createRun(experimentId, "chorus-federated", runName, clock.millis(), List.of()).info().runId();
        List<KeyValue> kv = new ArrayList<>();
        params.forEach((k, v) -> kv.add(new KeyValue(k, v)));
        for (int from = 0; from < kv.size(); from += 100) {
            store.logBatch(runId, List.of(), kv.subList(from, Math.min(kv.size(), from + 100)), List.of());
        }
        return runId;
    }

    @Override
    public void logMetrics(String runId, long step, Map<String, Double> metrics) {
        long now = clock.millis();
        List<Metric> points = new ArrayList<>();
        metrics.forEach((k, v) -> points.add(new Metric(k, v, now, step)));
        // a round's metrics are the union of what its nodes reported (each at most 64), so more than one batch may be needed
        for (int from = 0; from < points.size(); from += METRICS_PER_BATCH) {
            store.logBatch(runId, points.subList(from, Math.min(points.size(), from + METRICS_PER_BATCH)), List.of(), List.of());
        }
    }

    @Override
    public void finishRun(String runId, String status) {
        store.updateRun(runId, RunStatus.valueOf(status), clock.millis(), null);
    }
}
