package org.chorus.tracking;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;

/**
 * Experiments, runs, params, tags and metrics, with MLflow's semantics: params are write-once, tags
 * overwrite, metric points accumulate and the latest one per key is kept for search. Everything writes
 * through {@link #logBatch}; the single-value calls are conveniences over it.
 */
public interface TrackingStore {

    static TrackingStore create(Database db, Clock clock) {
        return new SqlTrackingStore(db, clock);
    }

    String DEFAULT_EXPERIMENT_ID = "0";
    int MAX_RESULTS_DEFAULT = 1000;

    // experiments
    String createExperiment(String name, String artifactLocation, Map<String, String> tags);

    Experiment getExperiment(String experimentId);

    Experiment getExperimentByName(String name);

    Page<Experiment> searchExperiments(String filter, List<String> orderBy, ViewType view, int maxResults, String pageToken);

    void renameExperiment(String experimentId, String newName);

    void deleteExperiment(String experimentId);

    void restoreExperiment(String experimentId);

    void setExperimentTag(String experimentId, String key, String value);

    // runs
    Run createRun(String experimentId, String userId, String runName, Long startTime, List<KeyValue> tags);

    Run getRun(String runId);

    RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

    void deleteRun(String runId);

    void restoreRun(String runId);

    default Page<Run> searchRuns(List<String> experimentIds, String filter, ViewType view, int maxResults, List<String> orderBy,
                                 String pageToken) {
        return searchRuns(experimentIds, filter, view, maxResults, orderBy, pageToken, EncodedRuns.none());
    }

    /** search-runs answering each run through {@code encoded}, which may keep unchanged runs' encodings between searches. */
    <T> Page<T> searchRuns(List<String> experimentIds, String filter, ViewType view, int maxResults, List<String> orderBy,
                           String pageToken, EncodedRuns<T> encoded);

    // logging
    void logBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags);

    default void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    default void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new KeyValue(key, value)), List.of());
    }

    default void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), List.of(new KeyValue(key, value)));
    }

    void deleteTag(String runId, String key);

    void logInputs(String runId, List<DatasetInput> inputs);

    Page<Metric> metricHistory(String runId, String key, int maxResults, String pageToken);

    /** Up to {@code maxResults} points per run between the steps (inclusive), evenly spaced over the steps logged. */
    List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep, int maxResults);
}
