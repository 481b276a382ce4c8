package org.chorus.jobs;

import java.time.Instant;

/**
 * A job's visible state. {@code worker} and {@code leaseExpiresAt} describe the current or last lease; {@code blame}
 * and {@code error} are set after a failure (a queued job may carry the infrastructure failure it is retried after).
 */
public record Job(String id, String queue, String key, JobState state, int attempts, int maxAttempts, Instant notBefore,
                  String worker, Instant leaseExpiresAt, String result, Blame blame, String error, Instant createdAt,
                  Instant updatedAt) {}
