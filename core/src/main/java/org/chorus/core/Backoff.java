package org.chorus.core;

import java.util.concurrent.ThreadLocalRandom;

/** The pause before trying again something that lost a race: random, so racers fall out of step, and growing. */
public final class Backoff {
    private Backoff() {}

    /** Sleeps 1 ms up to 4, 8, … 128 ms after the first, second, … lost attempt; {@code what} names it if interrupted. */
    public static void pause(int attempt, String what) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted while retrying " + what);
        }
    }
}
