package org.chorus.jobs;

import org.chorus.core.ChorusException;

/**
 * Work to enqueue: {@code key} names it within its queue (enqueuing the same key again returns the first job), the
 * payload is opaque text for the worker, {@code maxAttempts} bounds the leases taken (expired or failed ones count).
 */
public record NewJob(String queue, String key, String payload, int maxAttempts) {
    static final int MAX_QUEUE = 128;
    static final int MAX_KEY = 200;
    static final int MAX_PAYLOAD = 64 * 1024;

    public NewJob {
        requireText("queue", queue, MAX_QUEUE);
        requireText("job key", key, MAX_KEY);
        if (payload == null || payload.length() > MAX_PAYLOAD) {
            throw ChorusException.invalid("job payload must be present and at most " + MAX_PAYLOAD + " characters");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw ChorusException.invalid("maxAttempts must be between 1 and 100");
        }
    }

    static String requireText(String what, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw ChorusException.invalid(what + " must be 1 to " + max + " printable characters");
        }
        return value;
    }
}
