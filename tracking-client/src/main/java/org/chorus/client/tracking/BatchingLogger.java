package org.chorus.client.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.chorus.client.tracking.TrackingClient.Metric;
import org.chorus.client.tracking.TrackingClient.Param;
import org.chorus.client.tracking.TrackingClient.Tag;

/**
 * Logs metrics, params and tags for one run without ever blocking the caller: entries go into a bounded
 * queue (when it is full they are dropped and counted) and one background thread sends them in batches
 * within MLflow's limits (1000 metrics, 100 params, 100 tags, under 1 MB), retrying transient failures.
 * {@link #flush} waits until everything logged so far is sent; {@link #close} flushes, then stops.
 */
public final class BatchingLogger implements AutoCloseable {
    private static final int MAX_METRICS = 1000;
    private static final int MAX_PARAMS_OR_TAGS = 100;
    private static final int MAX_BYTES = 900 * 1024;

    /** Tuning; {@link #defaults()} suits a training loop. */
    public record Options(int maxQueued, Duration flushInterval, int maxAttempts, Duration closeTimeout) {
        public static Options defaults() {
            return new Options(100_000, Duration.ofSeconds(1), 5, Duration.ofSeconds(30));
        }
    }

    private final TrackingClient client;
    private final String runId;
    private final Options options;
    private final BlockingQueue<Object> queue;
    private final Thread sender;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private volatile boolean closing;
    private volatile RuntimeException lastError;
    private Object carried;

    BatchingLogger(TrackingClient client, String runId, Options options) {
        this.client = client;
        this.runId = runId;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.maxQueued());
        this.sender = new Thread(this::loop, "chorus-tracking-logger-" + runId);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    public static BatchingLogger start(TrackingClient client, String runId, Options options) {
        return new BatchingLogger(client, runId, options);
    }

    public void logMetric(String key, double value, long step) {
        offer(new Metric(key, value, System.currentTimeMillis(), step));
    }

    public void logParam(String key, String value) {
        offer(new Param(key, value));
    }

    public void setTag(String key, String value) {
        offer(new Tag(key, value));
    }

    private void offer(Object entry) {
        if (closing) {
            throw new IllegalStateException("the logger for run " + runId + " is closed");
        }
        enqueued.incrementAndGet();
        if (!queue.offer(entry)) {
            dropped.incrementAndGet();
            finished(1);
        }
    }

    /** Waits until every entry logged before this call has been sent, dropped or has failed; false on timeout. */
    public boolean flush(Duration timeout) {
        long target = enqueued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (done.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Entries the server accepted. */
    public long sent() {
        return sent.get();
    }

    /** Entries dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries in batches the server refused, or that still failed after every retry. */
    public long failed() {
        return failed.get();
    }

    public RuntimeException lastError() {
        return lastError;
    }

    @Override
    public void close() {
        flush(options.closeTimeout());
        closing = true;
        sender.interrupt();
        try {
            sender.join(options.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (!(closing && queue.isEmpty() && carried == null)) {
            List<Metric> metrics = new ArrayList<>();
            List<Param> params = new ArrayList<>();
            List<Tag> tags = new ArrayList<>();
            if (!take(metrics, params, tags)) {
                continue;
            }
            int count = metrics.size() + params.size() + tags.size();
            if (send(metrics, params, tags)) {
                sent.addAndGet(count);
            } else {
                failed.addAndGet(count);
            }
            finished(count);
        }
    }

    /** Fills one batch; waits up to the flush interval for the first entry. */
    private boolean take(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        Object first = carried;
        carried = null;
        if (first == null) {
            try {
                first = queue.poll(options.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = queue.poll();
            }
        }
        int bytes = 0;
        for (Object e = first; e != null; e = queue.poll()) {
            int size = size(e);
            boolean fits = bytes + size <= MAX_BYTES && metrics.size() + params.size() + tags.size() < MAX_METRICS
                    && (!(e instanceof Metric) || metrics.size() < MAX_METRICS)
                    && (!(e instanceof Param) || params.size() < MAX_PARAMS_OR_TAGS)
                    && (!(e instanceof Tag) || tags.size() < MAX_PARAMS_OR_TAGS);
            if (!fits) {
                carried = e;
                break;
            }
            bytes += size;
            if (e instanceof Metric m) {
                metrics.add(m);
            } else if (e instanceof Param p) {
                params.add(p);
            } else {
                tags.add((Tag) e);
            }
        }
        return !(metrics.isEmpty() && params.isEmpty() && tags.isEmpty());
    }

    private static int size(Object e) {
        if (e instanceof Metric m) {
            return m.key().length() + 80;
        }
        if (e instanceof Param p) {
            return p.key().length() + p.value().length() + 32;
        }
        Tag t = (Tag) e;
        return t.key().length() + t.value().length() + 32;
    }

    private boolean send(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.logBatch(runId, metrics, params, tags);
                return true;
            } catch (TrackingException e) {
                lastError = e;
                if (!e.retryable() || attempt >= options.maxAttempts()) {
                    return false;
                }
            } catch (RuntimeException e) {
                lastError = e;
                return false;
            }
            try {
                Thread.sleep(Math.min(5_000, 100L << attempt));
            } catch (InterruptedException e) {
                if (closing) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void finished(int count) {
        done.addAndGet(count);
        lock.lock();
        try {
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
