package org.chorus.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.Handle;

/**
 * Group commit for log-batch. Requests queue per shard (batches for one run always share a shard); the
 * first to find the shard idle becomes its leader and writes everything queued, up to a limit, in one
 * transaction, while the others wait. Twenty clients logging to one run then cost a few transactions
 * instead of twenty contending ones. If a combined transaction fails, each request is retried on its
 * own, so every caller gets its own answer and one bad batch never sinks the others.
 */
final class GroupCommit<T> {
    private static final int MAX_COMBINED = 32;
    /** Groups a leader writes for others after its own: bounds how long its own answer waits. */
    private static final int MAX_EXTRA_DRAINS = 2;

    /** Writes the given items in the handle's transaction. */
    interface Writer<T> {
        void write(Handle h, List<T> items);
    }

    private final HotWrites writes;
    private final Writer<T> writer;
    private final List<Shard<T>> shards = new ArrayList<>();

    GroupCommit(HotWrites writes, int shards, Writer<T> writer) {
        this.writes = writes;
        this.writer = writer;
        for (int i = 0; i < shards; i++) {
            this.shards.add(new Shard<>());
        }
    }

    private static final class Shard<T> {
        final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock leader = new ReentrantLock();
    }

    private record Pending<T>(T item, CompletableFuture<Void> done) {}

    void submit(String key, T item) {
        Shard<T> s = shards.get(Math.floorMod(key.hashCode(), shards.size()));
        Pending<T> p = new Pending<>(item, new CompletableFuture<>());
        s.queue.add(p);
        while (!p.done().isDone()) {
            if (s.leader.tryLock()) {
                try {
                    while (!p.done().isDone()) {
                        drainOnce(s);
                    }
                    // Whatever queued meanwhile goes out now, rather than after waking a waiter to lead.
                    for (int extra = 0; extra < MAX_EXTRA_DRAINS && !s.queue.isEmpty(); extra++) {
                        drainOnce(s);
                    }
                } finally {
                    s.leader.unlock();
                }
                wake(s);
                break;
            }
            synchronized (s) {
                if (!p.done().isDone() && s.leader.isLocked()) {
                    try {
                        s.wait(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new ChorusException(ErrorCode.UNAVAILABLE, "interrupted while waiting to log");
                    }
                }
            }
        }
        try {
            p.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void drainOnce(Shard<T> s) {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> next = s.queue.poll(); next != null; next = batch.size() < MAX_COMBINED ? s.queue.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                List<T> items = batch.stream().map(Pending::item).toList();
                writes.run(h -> writer.write(h, items));
                batch.forEach(x -> x.done().complete(null));
                wake(s);
                return;
            } catch (RuntimeException combinedFailed) {
                // fall through: each on its own, so only the bad ones fail
            }
        }
        for (Pending<T> x : batch) {
            try {
                writes.run(h -> writer.write(h, List.of(x.item())));
                x.done().complete(null);
            } catch (RuntimeException e) {
                x.done().completeExceptionally(e);
            }
        }
        wake(s);
    }

    private static void wake(Shard<?> s) {
        synchronized (s) {
            s.notifyAll();
        }
    }
}
