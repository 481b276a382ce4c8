package org.chorus.viewer;

import java.nio.file.Path;
import org.chorus.core.CacheBudget;
import java.time.Duration;

/**
 * What one node gives the viewer: {@code workers} DuckDB queries at a time with {@code queue} more waiting (beyond
 * that: 503, try again), {@code memoryLimit} and {@code threads} for DuckDB as a whole, {@code timeLimit} per query,
 * and text files read up to {@code maxTextBytes} (a larger CSV, TSV or JSON Lines file is read in part, marked
 * {@code partial}). {@code localDir} holds the node-local copies of file bytes, a cache of at most about
 * {@code maxCopyBytes} (see {@link LocalCopies}: copies in use may take it over).
 */
public record ViewerLimits(Path localDir, int workers, int queue, String memoryLimit, int threads, Duration timeLimit, long maxTextBytes,
                           long maxCopyBytes) {

    public ViewerLimits {
        if (workers < 1 || queue < 0 || threads < 1 || timeLimit.isNegative() || timeLimit.isZero() || maxTextBytes < 1
                || maxCopyBytes < 0 || !memoryLimit.matches("[0-9]{1,6}(KB|MB|GB)")) {
            throw new IllegalArgumentException("bad viewer limits");
        }
    }

    /**
     * Two queries at a time, 1 GB of DuckDB memory, 30 s a query, text files read up to 256 MiB, copies kept up to a
     * quarter of the disk space free now under {@code localDir} (at most 64 GiB), as the download cache.
     */
    public static ViewerLimits defaults(Path localDir) {
        return new ViewerLimits(localDir, 2, 32, "1GB", 2, Duration.ofSeconds(30), 256L << 20, quarterOfFreeSpace(localDir));
    }

    public ViewerLimits withMaxTextBytes(long bytes) {
        return new ViewerLimits(localDir, workers, queue, memoryLimit, threads, timeLimit, bytes, maxCopyBytes);
    }

    public ViewerLimits withTimeLimit(Duration limit) {
        return new ViewerLimits(localDir, workers, queue, memoryLimit, threads, limit, maxTextBytes, maxCopyBytes);
    }

    /** {@link CacheBudget} for the copies; none where the disk cannot be measured. */
    private static long quarterOfFreeSpace(Path dir) {
        try {
            return CacheBudget.of(dir);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
