package org.chorus.server.fl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.federated.TrackingLog;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.Metric;
import org.chorus.tracking.RunStatus;
import org.chorus.tracking.TrackingStore;

/** The coordinator's tracking port: one MLflow run per task, in an experiment named after the federation task. */
final class TrackingLogAdapter implements TrackingLog {
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
            experimentId = store.createExperiment(experiment, null, Map.of());
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
        store.logBatch(runId, points, List.of(), List.of());
    }

    @Override
    public void finishRun(String runId, String status) {
        store.updateRun(runId, RunStatus.valueOf(status), clock.millis(), null);
    }
}
