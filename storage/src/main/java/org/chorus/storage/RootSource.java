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

    /** Live files listed by a query whose only column is a file hash in hex, streamed from the database. */
    static RootSource fromQuery(org.chorus.core.db.Database db, String sql) {
        return sink -> db.withHandle(h -> {
            h.createQuery(sql).mapTo(String.class).useStream(s -> s.forEach(hex -> sink.accept(FileHash.fromHex(hex))));
            return null;
        });
    }
}
