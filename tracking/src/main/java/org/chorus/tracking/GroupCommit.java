package org.chorus.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.jdbi.v3.core.HandleConsumer;

/**
 * Group commit for log-batch. Requests queue per shard (batches for one run always share a shard); the
 * first to find the shard idle becomes its leader and writes everything queued, up to a limit, in one
 * transaction, while the others wait. Twenty clients logging to one run then cost a few transactions
 * instead of twenty contending ones. If a combined transaction fails, each request is retried on its
 * own, so every caller gets its own answer and one bad batch never sinks the others.
 */
final class GroupCommit {
    private static final int MAX_COMBINED = 32;

    private final HotWrites writes;
    private final Shard[] shards;

    GroupCommit(HotWrites writes, int shards) {
        this.writes = writes;
        this.shards = new Shard[shards];
        for (int i = 0; i < shards; i++) {
            this.shards[i] = new Shard();
        }
    }

    private static final class Shard {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock leader = new ReentrantLock();
    }

    private record Pending(HandleConsumer<RuntimeException> work, CompletableFuture<Void> done) {}

    void submit(String key, HandleConsumer<RuntimeException> work) {
        Shard s = shards[Math.floorMod(key.hashCode(), shards.length)];
        Pending p = new Pending(work, new CompletableFuture<>());
        s.queue.add(p);
        while (!p.done().isDone()) {
            if (s.leader.tryLock()) {
                try {
                    while (!p.done().isDone()) {
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

    private void drainOnce(Shard s) {
        List<Pending> batch = new ArrayList<>();
        for (Pending next = s.queue.poll(); next != null; next = batch.size() < MAX_COMBINED ? s.queue.poll() : null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                writes.run(h -> {
                    for (Pending x : batch) {
                        x.work().useHandle(h);
                    }
                });
                batch.forEach(x -> x.done().complete(null));
                wake(s);
                return;
            } catch (RuntimeException combinedFailed) {
                // fall through: each on its own, so only the bad ones fail
            }
        }
        for (Pending x : batch) {
            try {
                writes.run(x.work());
                x.done().complete(null);
            } catch (RuntimeException e) {
                x.done().completeExceptionally(e);
            }
        }
        wake(s);
    }

    private static void wake(Shard s) {
        synchronized (s) {
            s.notifyAll();
        }
    }
}
