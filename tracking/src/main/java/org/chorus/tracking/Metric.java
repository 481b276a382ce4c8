package org.chorus.tracking;

/** One metric point. NaN and the infinities are accepted; infinities are stored as +/-Double.MAX_VALUE, as MLflow does. */
public record Metric(String key, double value, long timestamp, long step) {}
