package org.chorus.scaleout;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the cluster that works round after round in its own thread until stopped, retrying a failed call the
 * way a user's script would (a second apart, up to 30 times): what the test checks is that retrying is enough.
 * Each round records what it committed, for the checks after the run.
 */
abstract class Workload implements AutoCloseable {
    private static final int ATTEMPTS = 30;
    private static final long PAUSE_MS = 500;

    final String name;
    final AtomicInteger rounds = new AtomicInteger();
    /** The errors a retry got past ("what: error"), to show that the kill was felt. */
    final List<String> retried = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private volatile Throwable failure;
    private Thread thread;

    Workload(String name) {
        this.name = name;
    }

    /** One round's work; it calls {@link #retrying} around each call to the cluster. */
    abstract void round(int round) throws Exception;

    /** Called on the workload's thread when it ends: frees what the rounds held. */
    void finish() {}

    Workload start() {
        thread = Thread.ofPlatform().name("workload-" + name).start(() -> {
            try {
                for (int i = 0; !stopping; i++) {
                    round(i);
                    rounds.incrementAndGet();
                    Thread.sleep(PAUSE_MS); // a person's pace, not a benchmark: leaves CPU to the nodes on a 2-core machine
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                finish();
            }
        });
        return this;
    }

    <T> T retrying(String what, Callable<T> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (Exception | AssertionError e) {
                if (attempt == ATTEMPTS) {
                    throw new AssertionError(name + ": " + what + " failed " + ATTEMPTS + " times", e);
                }
                retried.add(what + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                Thread.sleep(1000);
            }
        }
    }

    /** Finishes the round under way, then stops; rethrows what made the workload fail, if anything did. */
    void stop() throws Exception {
        stopping = true;
        thread.join();
        if (failure != null) {
            throw new AssertionError("workload " + name + " failed after " + rounds + " rounds", failure);
        }
    }

    /** Whether the workload died of an error (it then makes no more rounds). */
    boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        stopping = true;
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
