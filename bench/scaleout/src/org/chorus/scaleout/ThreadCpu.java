package org.chorus.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JVM's CPU time split by what its threads do, from {@code /proc/PID/task/TID/{comm,stat}} (the name is the
 * thread's first 15 characters): read at a window's start and end, the difference says where a node's CPU went.
 * A thread that ended inside the window takes its CPU with it: that part shows as "ended threads" (the process's
 * CPU minus its live threads').
 */
final class ThreadCpu {
    /** The groups, in print order, each by the thread-name prefixes it takes; the rest is "other". */
    static final Map<String, List<String>> GROUPS = groups();
    static final String OTHER = "other";
    static final String ENDED = "ended threads";
    private static final long TICKS_PER_SECOND = 100;
    private static final int UTIME = 11;
    private static final int STIME = 12;

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("requests", List.of("qtp", "ForkJoinPool", "Jetty", "HttpClient", "sdk-async", "aws-java-sdk"));
        g.put("follower+Lucene", List.of("discovery-", "Lucene Merge", "embeddings"));
        g.put("other background", List.of("fl-leases", "arena-scoring", "viewer-prep", "hub-snapshots", "file-cache", "HikariPool", "Common-Cleaner"));
        g.put("GC+VM", List.of("VM Thread", "GC Thread", "G1 ", "VM Periodic"));
        g.put("JIT", List.of("C1 CompilerThre", "C2 CompilerThre"));
        return g;
    }

    /**
     * A snapshot: CPU ticks per thread id, with the thread's name; and over the live threads, the system (kernel) part
     * of those ticks and the context switches ({@code /proc/PID/task/TID/status}: voluntary ones are a thread
     * blocking or parking, involuntary ones the scheduler taking its core away).
     */
    record Snapshot(Map<Long, String> names, Map<Long, Long> ticks, long systemTicks, long voluntarySwitches, long involuntarySwitches) {}

    /** Kernel time and context switches of a node's live threads between two snapshots (or over several windows, added up). */
    record Kernel(double systemMs, long voluntary, long involuntary) {
        static Kernel between(Snapshot before, Snapshot after) {
            return new Kernel((after.systemTicks() - before.systemTicks()) * 1000.0 / TICKS_PER_SECOND,
                    after.voluntarySwitches() - before.voluntarySwitches(), after.involuntarySwitches() - before.involuntarySwitches());
        }

        Kernel plus(Kernel other) {
            return new Kernel(systemMs + other.systemMs, voluntary + other.voluntary, involuntary + other.involuntary);
        }
    }

    private ThreadCpu() {}

    static Snapshot read(long pid) {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        long system = 0;
        long voluntary = 0;
        long involuntary = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long tid = Long.parseLong(task.getFileName().toString());
                    names.put(tid, Files.readString(task.resolve("comm")).strip());
                    ticks.put(tid, Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME]));
                    system += Long.parseLong(f[STIME]);
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            voluntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            involuntary += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                    }
                } catch (NoSuchFileException gone) {
                    // the thread ended while listed
                }
            }
        } catch (NoSuchFileException gone) {
            return new Snapshot(Map.of(), Map.of(), 0, 0, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Snapshot(names, ticks, system, voluntary, involuntary);
    }

    /** Milliseconds of CPU per group between two snapshots; {@code processMs} (the whole process's) gives "ended threads". */
    static Map<String, Double> split(Snapshot before, Snapshot after, double processMs) {
        Map<String, Double> ms = new LinkedHashMap<>();
        GROUPS.keySet().forEach(g -> ms.put(g, 0.0));
        ms.put(OTHER, 0.0);
        double live = 0;
        for (Map.Entry<Long, Long> t : after.ticks().entrySet()) {
            double d = (t.getValue() - before.ticks().getOrDefault(t.getKey(), 0L)) * 1000.0 / TICKS_PER_SECOND;
            live += d;
            ms.merge(group(after.names().get(t.getKey())), d, Double::sum);
        }
        ms.put(ENDED, Math.max(0, processMs - live));
        return ms;
    }

    /** The thread-name groups that spent the most, digits folded ("qtp123-45" → "qtp#-#"), for naming the groups. */
    static Map<String, Double> byName(Snapshot before, Snapshot after) {
        Map<String, Double> ms = new HashMap<>();
        for (Map.Entry<Long, Long> t : after.ticks().entrySet()) {
            double d = (t.getValue() - before.ticks().getOrDefault(t.getKey(), 0L)) * 1000.0 / TICKS_PER_SECOND;
            ms.merge(after.names().get(t.getKey()).replaceAll("[0-9]+", "#"), d, Double::sum);
        }
        return ms;
    }

    private static String group(String name) {
        for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
            if (g.getValue().stream().anyMatch(name::startsWith)) {
                return g.getKey();
            }
        }
        return OTHER;
    }
}
