package org.chorus.client.tracking;

import java.net.URI;
import java.util.List;

/**
 * A small client for Chorus's MLflow-compatible tracking API. {@link #logBatch} is the one write
 * primitive; {@link #logger} wraps it in an asynchronous batching logger for training loops.
 */
public interface TrackingClient extends AutoCloseable {

    /** {@code baseUrl} is the server root (e.g. {@code http://localhost:8080}); {@code token} may be null for reads. */
    static TrackingClient create(URI baseUrl, String token) {
        return new HttpTrackingClient(baseUrl, token);
    }

    String createExperiment(String name);

    /** The experiment's id, or null if there is none by that name. */
    String experimentIdByName(String name);

    /** Creates a run and returns its id. */
    String createRun(String experimentId, String runName);

    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    /** Marks the run FINISHED, FAILED or KILLED with the current time as its end. */
    void endRun(String runId, String status);

    default void logMetric(String runId, String key, double value, long step) {
        logBatch(runId, List.of(new Metric(key, value, System.currentTimeMillis(), step)), List.of(), List.of());
    }

    default void logParam(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(new Param(key, value)), List.of());
    }

    default void setTag(String runId, String key, String value) {
        logBatch(runId, List.of(), List.of(), List.of(new Tag(key, value)));
    }

    /** An asynchronous logger for one run: calls never block; points are sent in batches; close() flushes. */
    default BatchingLogger logger(String runId) {
        return new BatchingLogger(this, runId, BatchingLogger.Options.defaults());
    }

    @Override
    void close();

    record Metric(String key, double value, long timestamp, long step) {}

    record Param(String key, String value) {}

    record Tag(String key, String value) {}
}
