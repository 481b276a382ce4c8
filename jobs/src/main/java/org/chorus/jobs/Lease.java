package org.chorus.jobs;

import java.time.Instant;

/** A job held by a worker: the token to quote, when the lease ends unless extended, the attempt it is (1 = first). */
public record Lease(String jobId, String token, String queue, String payload, int attempt, Instant expiresAt) {
    public LeaseRef ref() {
        return new LeaseRef(jobId, token);
    }
}
