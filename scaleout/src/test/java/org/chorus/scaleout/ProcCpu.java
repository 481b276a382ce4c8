package org.chorus.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time of a process from Linux's {@code /proc/PID/stat} (user + system), readable for processes of other users
 * too (PostgreSQL runs as {@code postgres} when the benchmark runs as root).
 */
final class ProcCpu {
    /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Chorus runs on. */
    private static final long TICKS_PER_SECOND = 100;
    // indexes into the fields after the command's closing parenthesis (field 3, the state, is index 0)
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    private ProcCpu() {}

    /** The process's own CPU time; zero once it is gone. */
    static Duration of(long pid) {
        long[] t = ticks(pid);
        return ofTicks(t[UTIME] + t[STIME]);
    }

    /**
     * A server of several processes (PostgreSQL's postmaster and its backends, nginx's master and workers): the
     * process, its live descendants, and the children it has already reaped (a backend that ended).
     */
    static Duration withDescendants(long pid) {
        long[] t = ticks(pid);
        long total = t[UTIME] + t[STIME] + t[CUTIME] + t[CSTIME];
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
            long[] c = ticks(child.pid());
            total += c[UTIME] + c[STIME];
        }
        return ofTicks(total);
    }

    /**
     * The CPU time of the process's threads whose name ({@code /proc/PID/task/TID/comm}, 15 characters at most)
     * starts with one of {@code prefixes}: a JVM's JIT compiler threads ({@code C1 CompilerThre}, {@code C2
     * CompilerThre}), whose work is a JVM's warm-up rather than its requests'. A thread that ended is not counted.
     */
    static Duration ofThreads(long pid, String... prefixes) {
        long total = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (java.util.Arrays.stream(prefixes).anyMatch(name::startsWith)) {
                    long[] t = ticks(task.resolve("stat"));
                    total += t[UTIME] + t[STIME];
                }
            }
        } catch (NoSuchFileException gone) {
            return Duration.ZERO;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ofTicks(total);
    }

    private static Duration ofTicks(long ticks) {
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    private static long[] ticks(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    private static long[] ticks(Path statFile) {
        String stat;
        try {
            stat = Files.readString(statFile);
        } catch (NoSuchFileException gone) {
            return new long[CSTIME + 1];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long[] t = new long[CSTIME + 1];
        for (int i = UTIME; i <= CSTIME; i++) {
            t[i] = Long.parseLong(fields[i]);
        }
        return t;
    }
}
