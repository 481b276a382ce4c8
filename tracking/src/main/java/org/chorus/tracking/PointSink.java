package org.chorus.tracking;

/** Receives a metric's points one by one, so a long series is reduced as it is read, never held whole. */
@FunctionalInterface
public interface PointSink {
    void accept(long step, long timestamp, double value);
}
