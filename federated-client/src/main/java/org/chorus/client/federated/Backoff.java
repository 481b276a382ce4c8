package org.chorus.client.federated;

import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter: waits up to initial·2^k, capped, reset after a success. */
final class Backoff {
    private final long initialMs;
    private final long maxMs;
    private int failures;

    Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    long nextDelayMs() {
        long cap = Math.min(maxMs, initialMs << Math.min(failures, 20));
        failures++;
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    void reset() {
        failures = 0;
    }
}
