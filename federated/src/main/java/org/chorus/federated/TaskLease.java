package org.chorus.federated;

import java.time.Duration;

/**
 * Who runs a task when several coordinators share a database: the node holding its lease in SQL, renewed every third
 * of {@code ttl}; a node that dies stops renewing and another takes its tasks over once {@code ttl} has passed.
 */
public record TaskLease(String nodeId, Duration ttl) {
    /** One process alone on its database (tools, tests): its own leases only. */
    public static final TaskLease SINGLE = new TaskLease("local", Duration.ofSeconds(15));

    public TaskLease {
        if (nodeId == null || nodeId.isBlank() || nodeId.length() > 64) {
            throw new IllegalArgumentException("a lease needs a node id of 1 to 64 characters");
        }
        if (ttl.toMillis() < 300) {
            throw new IllegalArgumentException("a lease lasts at least 300 ms, got " + ttl);
        }
    }
}
