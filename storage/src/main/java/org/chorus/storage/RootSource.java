package org.chorus.storage;

import java.util.function.Consumer;

/**
 * Tells garbage collection which files are alive. The hub (files in commits), tracking (run artifacts), federated
 * (checkpoints) and arena (submissions) each register one; a file reachable from any source is kept.
 */
@FunctionalInterface
public interface RootSource {
    /** Calls {@code sink} once for every live file; may stream from a database cursor. */
    void forEachLiveFile(Consumer<FileHash> sink);
}
