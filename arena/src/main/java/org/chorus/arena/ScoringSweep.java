package org.chorus.arena;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every node's background pass over the arena's scoring queues ({@link Arena#scoreDue()}): without it a retry after
 * an infrastructure failure, or a job whose node died while scoring it, waited for the competition's next submission.
 * The state is all in SQL, so running it on every node is safe and any node finishes another's work.
 */
public final class ScoringSweep implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringSweep.class);

    private final ScheduledExecutorService timer;

    private ScoringSweep(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static ScoringSweep start(Arena arena, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("arena-scoring").factory());
        timer.scheduleWithFixedDelay(() -> sweep(arena), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new ScoringSweep(timer);
    }

    private static void sweep(Arena arena) {
        try {
            int scored = arena.scoreDue();
            if (scored > 0) {
                LOG.info("scored {} waiting submissions", scored);
            }
        } catch (RuntimeException e) {
            // the next pass tries again; a throw here would cancel every later pass
            LOG.warn("arena scoring sweep failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
