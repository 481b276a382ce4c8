package org.chorus.federated;

import java.util.Map;

/** Port to the tracking module: one run per task, params once, metrics per round. */
public interface TrackingLog {
    String startRun(String experiment, String runName, Map<String, String> params);

    void logMetrics(String runId, long step, Map<String, Double> metrics);

    void finishRun(String runId, String status);
}
