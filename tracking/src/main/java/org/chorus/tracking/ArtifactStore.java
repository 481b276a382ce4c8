package org.chorus.tracking;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Port for artifact bytes addressed by relative paths ({@code 1/abc123/artifacts/model.pkl}). The server keeps
 * them in the chunk store; the directory implementation is the simple reference. Paths are checked by
 * {@link ArtifactPaths} before any implementation sees them.
 */
public interface ArtifactStore {

    static ArtifactStore directory(Path root) {
        return new DirectoryArtifactStore(root);
    }

    /** Artifacts deduplicated in the chunk store; multipart parts are staged as its blobs ({@code blobs/artifact-parts/}). */
    static ArtifactStore chunked(org.chorus.storage.ChunkStore chunks, org.chorus.core.db.Database db, java.time.Clock clock) {
        return new ChunkArtifactStore(chunks, db, clock);
    }

    /** The chunk-store files artifacts keep alive, for garbage collection. */
    static org.chorus.storage.RootSource chunkRoots(org.chorus.core.db.Database db) {
        return ChunkArtifactStore.roots(db);
    }

    /** Writes the stream fully, then publishes it at {@code path} atomically (readers see the old bytes or the new). */
    void put(String path, InputStream bytes);

    /** The bytes at {@code path}; NOT_FOUND if there is no such file. The caller closes the stream. */
    InputStream get(String path);

    /** Direct children of the directory {@code path} ("" is the root); empty if it does not exist. */
    List<Entry> list(String path);

    /** Deletes a file or a whole directory; NOT_FOUND if nothing is there. */
    void delete(String path);

    /** Multipart upload: parts are stored aside and joined in part-number order on completion. */
    String createUpload(String path);

    void putPart(String uploadId, int partNumber, InputStream bytes);

    void completeUpload(String path, String uploadId, List<Integer> partNumbers);

    void abortUpload(String uploadId);

    record Entry(String path, boolean isDir, long fileSize) {}
}
