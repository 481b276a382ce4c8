package org.chorus.tracking;

/** A metric point tagged with the run it belongs to (bulk history reads). */
public record RunMetric(String runId, Metric metric) {}
