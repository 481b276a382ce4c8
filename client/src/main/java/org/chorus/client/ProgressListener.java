package org.chorus.client;

/** Told how far a transfer has come; called from the transferring thread, so it must be quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (path, phase, done, total) -> { };

    /** {@code phase} is "hashing", "uploading" or "downloading"; {@code total} is -1 when unknown. */
    void progress(String path, String phase, long done, long total);

    /** {@code bytes} of {@code path} so far were not sent because the server already held them (Xet deduplication). */
    default void deduplicated(String path, long bytes) {
    }
}
