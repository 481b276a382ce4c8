package org.chorus.tracking;

/** A run's attributes; {@code endTime} is null while it runs. */
public record RunInfo(String runId, String runName, String experimentId, String userId, RunStatus status,
                      long startTime, Long endTime, String artifactUri, LifecycleStage lifecycleStage) {}
