package org.chorus.scaleout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * A load for the scale-out benchmark: a fixed number of clients, each sending requests back to back (closed loop) or,
 * once {@link #pace paced}, each waiting for the next of evenly spaced start times shared by all clients, the kind of
 * each drawn by weight from a mix (seeded per client, so every run draws the same sequence). Nothing
 * is counted during the warm-up (at least a time, then until every node answered a number of requests, at most a
 * longer time: a node's JIT must have seen as much traffic with two nodes as with one); then each measured window
 * ({@link #measure}, as many as the caller wants while the clients keep running) counts, between {@code atStart} and
 * {@code atEnd} (where the caller reads its CPU counters), every request that started after the window opened and
 * ended before it closed, with its latency and the node that answered it (X-Chorus-Node).
 */
final class MixedLoad implements AutoCloseable {
    /** One kind of request: its name, its weight in the mix, and how client {@code client} sends one. */
    record Kind(String name, int weight, Request request) {}

    @FunctionalInterface
    interface Request {
        HttpResponse<?> send(int client, SplittableRandom random) throws Exception;
    }

    /** The warm-up: at least {@code least}, then until each of {@code nodes} nodes answered {@code requestsPerNode}, at most {@code most}. */
    record Warmup(Duration least, Duration most, int nodes, long requestsPerNode) {}

    /** One kind's figures over a window: errors (a 4xx/5xx or an exception) and the answers' latencies, ascending. */
    record KindResult(String name, long errors, long[] sortedNanos) {
        long ok() {
            return sortedNanos.length;
        }

        double p50Ms() {
            return percentile(sortedNanos, 0.50) / 1e6;
        }

        double p99Ms() {
            return percentile(sortedNanos, 0.99) / 1e6;
        }

        /** The same kind over several windows, as if they were one. */
        static KindResult merge(String name, List<KindResult> parts) {
            return new KindResult(name, parts.stream().mapToLong(KindResult::errors).sum(),
                    parts.stream().flatMapToLong(p -> LongStream.of(p.sortedNanos())).sorted().toArray());
        }
    }

    /** A window's figures per kind and over all kinds ({@code all}), and how many answers each node gave. */
    record Result(double seconds, List<KindResult> kinds, KindResult all, Map<String, Long> servedBy, List<String> firstErrors) {
        long ok() {
            return all.ok();
        }

        long errors() {
            return all.errors();
        }

        /** Several windows as one: their seconds, answers and errors added up, latencies pooled. */
        static Result merge(List<Result> windows) {
            List<KindResult> kinds = new ArrayList<>();
            for (int k = 0; k < windows.getFirst().kinds().size(); k++) {
                int kind = k;
                kinds.add(KindResult.merge(windows.getFirst().kinds().get(k).name(), windows.stream().map(w -> w.kinds().get(kind)).toList()));
            }
            Map<String, Long> servedBy = new TreeMap<>();
            windows.forEach(w -> w.servedBy().forEach((node, n) -> servedBy.merge(node, n, Long::sum)));
            return new Result(windows.stream().mapToDouble(Result::seconds).sum(), kinds,
                    KindResult.merge("all", windows.stream().map(Result::all).toList()), servedBy,
                    windows.stream().flatMap(w -> w.firstErrors().stream()).limit(ERRORS_KEPT).toList());
        }
    }

    private static final int ERRORS_KEPT = 5;
    /**
     * A paced client whose start time passed by more than this takes the next one instead: a stall of the machine
     * costs requests rather than coming back as a burst.
     */
    private static final long MAX_BEHIND_NANOS = 100_000_000L;

    private final List<Kind> kinds;
    private final int totalWeight;
    private final Map<String, AtomicLong> answeredBy = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private long begun;
    /** The window being counted, or null between windows. */
    private volatile Tally tally;
    private volatile boolean stopping;
    /** Requests a second, all clients together; 0: back to back. */
    private volatile double rate;
    /** The next paced start time (System.nanoTime()), taken by one client each. */
    private final AtomicLong nextStart = new AtomicLong();

    MixedLoad(List<Kind> kinds) {
        this.kinds = List.copyOf(kinds);
        this.totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
    }

    /** Runs {@code clients} clients through {@code warmup}, then counts one {@code window}; returns when every client stopped. */
    Result run(int clients, Warmup warmup, Duration window, Runnable atStart, Runnable atEnd) throws InterruptedException {
        try (MixedLoad load = this) {
            load.start(clients);
            load.awaitWarm(warmup);
            return load.measure(window, atStart, atEnd);
        }
    }

    /** Starts the clients; they send until {@link #close}. */
    void start(int clients) {
        begun = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> loop(client)));
        }
    }

    /**
     * From now on, requests start evenly spaced at {@code perSecond} a second in all (0: each client sends back to
     * back), as long as the clients keep up: a client finds the next start time, waits for it, then sends.
     */
    void pace(double perSecond) {
        nextStart.set(System.nanoTime());
        rate = perSecond;
    }

    /** Answers with a node's name so far, counted or not. */
    long answered() {
        return answeredBy.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Returns once the warm-up is over (counted from {@link #start}). */
    void awaitWarm(Warmup warmup) throws InterruptedException {
        Thread.sleep(warmup.least());
        while (System.nanoTime() - begun < warmup.most().toNanos() && !warm(warmup)) {
            Thread.sleep(250);
        }
    }

    /** Runs {@code atStart}, counts for {@code window}, runs {@code atEnd}; the clients keep sending afterwards. */
    Result measure(Duration window, Runnable atStart, Runnable atEnd) throws InterruptedException {
        atStart.run();
        Tally t = new Tally(System.nanoTime());
        tally = t;
        Thread.sleep(window);
        t.close(System.nanoTime());
        tally = null;
        atEnd.run();
        return t.result();
    }

    /** Stops the clients and waits for each to finish its request in flight. */
    @Override
    public void close() {
        stopping = true;
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean warm(Warmup warmup) {
        return answeredBy.size() >= warmup.nodes() && answeredBy.values().stream().allMatch(n -> n.get() >= warmup.requestsPerNode());
    }

    private void loop(int client) {
        SplittableRandom random = new SplittableRandom(client);
        while (!stopping) {
            Kind kind = draw(random);
            awaitStartTime();
            long t0 = System.nanoTime();
            String node = null;
            String error = null;
            try {
                HttpResponse<?> r = kind.request().send(client, random);
                node = r.headers().firstValue("X-Chorus-Node").orElse(null);
                if (r.statusCode() >= 400) {
                    error = r.statusCode() + " " + r.uri() + " " + String.valueOf(r.body()).lines().findFirst().orElse("");
                }
            } catch (Exception e) {
                error = e.toString();
            }
            long t1 = System.nanoTime();
            if (node != null) {
                answeredBy.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
            }
            Tally t = tally;
            if (t != null) {
                t.count(kind.name(), t0, t1, node, error);
            }
        }
    }

    /** When paced: takes the next start time (no older than {@link #MAX_BEHIND_NANOS}) and sleeps until it. */
    private void awaitStartTime() {
        double perSecond = rate;
        if (perSecond <= 0) {
            return;
        }
        long interval = (long) (1e9 / perSecond);
        long now = System.nanoTime();
        long at = nextStart.updateAndGet(next -> Math.max(next, now - MAX_BEHIND_NANOS) + interval) - interval;
        if (at > now) {
            java.util.concurrent.locks.LockSupport.parkNanos(at - now);
        }
    }

    private Kind draw(SplittableRandom random) {
        int x = random.nextInt(totalWeight);
        for (Kind k : kinds) {
            x -= k.weight();
            if (x < 0) {
                return k;
            }
        }
        throw new IllegalStateException("weights changed");
    }

    /**
     * One window's counts. A request counts if it started after the window opened and was counted before it closed
     * (both under this lock), so no count lands after {@link #result} was taken.
     */
    private final class Tally {
        private final long start;
        private long end = Long.MAX_VALUE;
        private final Map<String, List<Long>> latencies = new java.util.HashMap<>();
        private final Map<String, Long> errors = new java.util.HashMap<>();
        private final Map<String, Long> servedBy = new TreeMap<>();
        private final List<String> firstErrors = new ArrayList<>();

        Tally(long start) {
            this.start = start;
            for (Kind k : kinds) {
                latencies.put(k.name(), new ArrayList<>());
                errors.put(k.name(), 0L);
            }
        }

        synchronized void count(String kind, long t0, long t1, String node, String error) {
            if (t0 < start || end != Long.MAX_VALUE) {
                return;
            }
            if (error != null) {
                errors.merge(kind, 1L, Long::sum);
                if (firstErrors.size() < ERRORS_KEPT) {
                    firstErrors.add(kind + ": " + error);
                }
            } else {
                latencies.get(kind).add(t1 - t0);
            }
            if (node != null) {
                servedBy.merge(node, 1L, Long::sum);
            }
        }

        synchronized void close(long now) {
            end = now;
        }

        synchronized Result result() {
            List<KindResult> results = new ArrayList<>();
            for (Kind k : kinds) {
                results.add(new KindResult(k.name(), errors.get(k.name()), latencies.get(k.name()).stream().mapToLong(Long::longValue).sorted().toArray()));
            }
            return new Result((end - start) / 1e9, results, KindResult.merge("all", results), new TreeMap<>(servedBy), List.copyOf(firstErrors));
        }
    }

    /** The nearest-rank percentile ({@code p} in 0..1) of ascending values; 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
