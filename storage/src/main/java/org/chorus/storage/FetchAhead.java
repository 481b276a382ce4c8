package org.chorus.storage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Results of tasks run on a pool, handed out in the tasks' order: while the next is awaited up to {@code depth} more run
 * or are done ahead of it, so that a reader's fetching and hashing overlap its sending, and a caller holding the one it
 * took holds at most {@code depth + 1} results in all. Nothing starts before the first {@link #hasNext} or {@link #next};
 * closing cancels what is still ahead.
 */
final class FetchAhead<T> implements AutoCloseable {
    private final ExecutorService pool;
    private final int depth;
    private final Iterator<? extends Callable<T>> tasks;
    private final ArrayDeque<Future<T>> ahead = new ArrayDeque<>();
    private boolean started;

    FetchAhead(ExecutorService pool, int depth, Iterator<? extends Callable<T>> tasks) {
        this.pool = pool;
        this.depth = depth;
        this.tasks = tasks;
    }

    /** Whether a result was asked for yet. */
    boolean started() {
        return started;
    }

    boolean hasNext() {
        fill();
        return !ahead.isEmpty();
    }

    /** The next task's result; its ChorusException as thrown (see {@link Ingester#await}). */
    T next() {
        fill();
        return Ingester.await(ahead.remove());
    }

    private void fill() {
        started = true;
        while (ahead.size() <= depth && tasks.hasNext()) {
            ahead.add(pool.submit(tasks.next()));
        }
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
    }
}
