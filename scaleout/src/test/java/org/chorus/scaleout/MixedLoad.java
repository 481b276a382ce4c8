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

/**
 * A closed-loop load for the scale-out benchmark: a fixed number of clients, each sending requests back to back,
 * the kind of each drawn by weight from a mix (seeded per client, so every run draws the same sequence). Nothing
 * is counted during the warm-up (at least a time, then until every node answered a number of requests, at most a
 * longer time: a node's JIT must have seen as much traffic with two nodes as with one); then, between {@code atStart} and {@code atEnd} (where the caller reads its CPU
 * counters), every request that started and ended inside the window is counted with its latency, and the node that
 * answered it (X-Chorus-Node).
 */
final class MixedLoad {
    /** One kind of request: its name, its weight in the mix, and how client {@code client} sends one. */
    record Kind(String name, int weight, Request request) {}

    @FunctionalInterface
    interface Request {
        HttpResponse<?> send(int client, SplittableRandom random) throws Exception;
    }

    /** The warm-up: at least {@code least}, then until each of {@code nodes} nodes answered {@code requestsPerNode}, at most {@code most}. */
    record Warmup(Duration least, Duration most, int nodes, long requestsPerNode) {}

    /** One kind's figures over the window: answers below 400, errors (a 4xx/5xx or an exception), latency percentiles of the answers. */
    record KindResult(String name, long ok, long errors, double p50Ms, double p99Ms) {}

    /** The window's figures per kind and over all kinds ({@code all}), and how many answers each node gave. */
    record Result(double seconds, List<KindResult> kinds, KindResult all, Map<String, Long> servedBy, List<String> firstErrors) {
        long ok() {
            return all.ok();
        }

        long errors() {
            return all.errors();
        }
    }

    private static final int ERRORS_KEPT = 5;

    private final List<Kind> kinds;
    private final int totalWeight;
    private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> warmedBy = new ConcurrentHashMap<>();
    private final List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stopping;

    MixedLoad(List<Kind> kinds) {
        this.kinds = List.copyOf(kinds);
        this.totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
        for (Kind k : kinds) {
            latencies.put(k.name(), java.util.Collections.synchronizedList(new ArrayList<>()));
            errors.put(k.name(), new AtomicLong());
        }
    }

    /** Runs {@code clients} clients through {@code warmup}, then counts for {@code window}; returns when every client stopped. */
    Result run(int clients, Warmup warmup, Duration window, Runnable atStart, Runnable atEnd) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        long begun = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> loop(client)));
        }
        Thread.sleep(warmup.least());
        while (System.nanoTime() - begun < warmup.most().toNanos() && !warm(warmup)) {
            Thread.sleep(250);
        }
        atStart.run();
        long start = System.nanoTime();
        windowStart = start;
        Thread.sleep(window);
        long end = System.nanoTime();
        windowEnd = end;
        atEnd.run();
        stopping = true;
        for (Thread t : threads) {
            t.join();
        }
        List<KindResult> results = new ArrayList<>();
        for (Kind k : kinds) {
            results.add(result(k.name(), latencies.get(k.name()), errors.get(k.name()).get()));
        }
        KindResult all = result("all", latencies.values().stream().flatMap(List::stream).toList(),
                errors.values().stream().mapToLong(AtomicLong::get).sum());
        Map<String, Long> nodes = new TreeMap<>();
        servedBy.forEach((node, n) -> nodes.put(node, n.get()));
        return new Result((end - start) / 1e9, results, all, nodes, List.copyOf(firstErrors));
    }

    private static KindResult result(String name, List<Long> latencies, long errors) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new KindResult(name, sorted.length, errors, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6);
    }

    private boolean warm(Warmup warmup) {
        return warmedBy.size() >= warmup.nodes() && warmedBy.values().stream().allMatch(n -> n.get() >= warmup.requestsPerNode());
    }

    private void loop(int client) {
        SplittableRandom random = new SplittableRandom(client);
        while (!stopping) {
            Kind kind = draw(random);
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
            if (t0 < windowStart || t1 > windowEnd) {
                if (node != null && t1 < windowStart) {
                    warmedBy.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
                }
                continue;
            }
            if (error != null) {
                errors.get(kind.name()).incrementAndGet();
                if (firstErrors.size() < ERRORS_KEPT) {
                    firstErrors.add(kind.name() + ": " + error);
                }
            } else {
                latencies.get(kind.name()).add(t1 - t0);
            }
            if (node != null) {
                servedBy.computeIfAbsent(node, n -> new AtomicLong()).incrementAndGet();
            }
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

    /** The nearest-rank percentile ({@code p} in 0..1) of ascending values; 0 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
