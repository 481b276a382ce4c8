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

    /** {@code defaultPermission}: as {@link TrackingAccess#create}, for what searches show. */
    static TrackingStore create(Database db, Clock clock, Permission defaultPermission) {
        return new SqlTrackingStore(db, clock, new AccessRules(defaultPermission));
    }

    String DEFAULT_EXPERIMENT_ID = "0";
    int MAX_RESULTS_DEFAULT = 1000;
    /** Most runs one metrics/get-history-bulk-interval call may name. */
    int MAX_BULK_INTERVAL_RUNS = 100;

    // experiments
    /** Owned by the caller, or by the account a {@code chorus.owner} tag names (see {@link TrackingAccess}); returns the id. */
    String createExperiment(Caller caller, String name, String artifactLocation, Map<String, String> tags);

    Experiment getExperiment(String experimentId);

    Experiment getExperimentByName(String name);

    /** Only experiments the caller may read. */
    Page<Experiment> searchExperiments(Caller caller, String filter, List<String> orderBy, ViewType view, int maxResults, String pageToken);

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

    default Page<Run> searchRuns(Caller caller, List<String> experimentIds, String filter, ViewType view, int maxResults,
                                 List<String> orderBy, String pageToken) {
        return searchRuns(caller, experimentIds, filter, view, maxResults, orderBy, pageToken, EncodedRuns.none());
    }

    /**
     * search-runs over those of {@code experimentIds} the caller may read, answering each run through {@code encoded},
     * which may keep unchanged runs' encodings between searches (they hold nothing caller-specific).
     */
    <T> Page<T> searchRuns(Caller caller, List<String> experimentIds, String filter, ViewType view, int maxResults, List<String> orderBy,
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

    /** The first and last step of one metric of a run (two index probes), or null when it has no points. NOT_FOUND for an unknown run. */
    StepRange metricSteps(String runId, String key);

    /**
     * Every point of one metric between the steps (inclusive; null: open), in step then timestamp order, handed to
     * {@code sink} as the rows are read (charts reduce a long series while reading it). NOT_FOUND for an unknown run.
     */
    void metricPoints(String runId, String key, Long startStep, Long endStep, PointSink sink);

    /**
     * The summaries of one metric's blocks of {@code size} ({@link MetricBlock#FINE} or {@link MetricBlock#COARSE}
     * steps) numbered {@code firstBlock} to {@code lastBlock}, in block order; blocks without points are absent.
     * NOT_FOUND for an unknown run.
     */
    List<MetricBlock> metricBlocks(String runId, String key, int size, long firstBlock, long lastBlock);

    /** Up to {@code maxResults} points per run between the steps (inclusive), evenly spaced over the steps logged. */
    List<RunMetric> metricHistoryBulkInterval(List<String> runIds, String key, Long startStep, Long endStep, int maxResults);
}
