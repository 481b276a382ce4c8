package org.chorus.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much disk a node-local cache of file bytes may take (the download cache, the viewer's copies): a quarter of the
 * space free now on the disk that holds it, and 64 GiB at most, so two such caches leave the node half its disk.
 */
public final class CacheBudget {
    private static final long MAX = 64L << 30;

    private CacheBudget() {}

    /** The budget for a cache in {@code dir}, measured on the disk of {@code dir} or of its nearest existing parent. */
    public static long of(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IOException("no existing directory above " + dir);
        }
        return Math.min(Files.getFileStore(existing).getUsableSpace() / 4, MAX);
    }
}
