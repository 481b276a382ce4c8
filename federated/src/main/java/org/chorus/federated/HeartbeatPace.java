package org.chorus.federated;

import java.util.Map;

/**
 * How often a federation's nodes should heartbeat: the configured interval, stretched so that all of them together
 * beat at most {@code maxPerSecond} times a second (100,000 nodes at 2,000/s: every 50 s). Node counts come from SQL,
 * refreshed with the leases, so every coordinator paces a federation alike.
 */
final class HeartbeatPace {
    private final long baseMs;
    private final int maxPerSecond;
    private volatile Map<String, Integer> nodes = Map.of();

    HeartbeatPace(long baseMs, int maxPerSecond) {
        this.baseMs = baseMs;
        this.maxPerSecond = Math.max(1, maxPerSecond);
    }

    void refresh(Map<String, Integer> nodesByFederation) {
        nodes = Map.copyOf(nodesByFederation);
    }

    long intervalMs(String federationId) {
        int n = nodes.getOrDefault(federationId, 0);
        return Math.max(baseMs, (long) Math.ceil(n * 1000.0 / maxPerSecond));
    }

    /** A node that missed three beats is gone. */
    long livenessMs(String federationId) {
        return 3 * intervalMs(federationId);
    }
}
