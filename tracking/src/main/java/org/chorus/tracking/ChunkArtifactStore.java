package org.chorus.tracking;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Database;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.FileHash;
import org.chorus.storage.FileRecord;
import org.chorus.storage.RootSource;

/**
 * Artifacts in the deduplicating chunk store, so repeated checkpoints cost what changed. Paths map to chunk-store
 * files in {@code tracking_artifacts}; directories are implied by the paths under them. Multipart parts are staged
 * in a directory store and ingested when the upload completes.
 */
final class ChunkArtifactStore implements ArtifactStore {
    private final ChunkStore chunks;
    private final Database db;
    private final Clock clock;
    private final ArtifactUploads uploads;

    ChunkArtifactStore(ChunkStore chunks, Database db, Clock clock) {
        this.chunks = chunks;
        this.db = db;
        this.clock = clock;
        this.uploads = new ArtifactUploads(chunks.blobs("artifact-parts"));
        chunks.addRoots(roots(db));
    }

    static RootSource roots(Database db) {
        return RootSource.fromQuery(db, "SELECT file_hash FROM tracking_artifacts");
    }

    @Override
    public void put(String path, InputStream bytes) {
        FileRecord rec = chunks.ingest(bytes);
        db.useTransaction(h -> {
            h.createUpdate("DELETE FROM tracking_artifacts WHERE path = :p").bind("p", path).execute();
            h.createUpdate("INSERT INTO tracking_artifacts (path, file_hash, size, created_at) VALUES (:p, :h, :s, :t)")
                    .bind("p", path).bind("h", rec.hash().hex()).bind("s", rec.size()).bind("t", clock.millis()).execute();
        });
    }

    @Override
    public InputStream get(String path) {
        String hash = db.withHandle(h -> h.createQuery("SELECT file_hash FROM tracking_artifacts WHERE path = :p").bind("p", path)
                .mapTo(String.class).findOne())
                .orElseThrow(() -> ChorusException.notFound("No artifact at " + path));
        return chunks.read(FileHash.fromHex(hash));
    }

    @Override
    public List<Entry> list(String path) {
        String prefix = path.isEmpty() ? "" : path + "/";
        Map<String, Entry> children = new LinkedHashMap<>();
        db.withHandle(h -> {
            h.createQuery("SELECT path, size FROM tracking_artifacts WHERE substr(path, 1, :n) = :prefix ORDER BY path")
                    .bind("n", prefix.length()).bind("prefix", prefix)
                    .map((rs, ctx) -> new Entry(rs.getString("path"), false, rs.getLong("size")))
                    .useStream(rows -> rows.forEach(e -> {
                        String rest = e.path().substring(prefix.length());
                        int slash = rest.indexOf('/');
                        if (slash < 0) {
                            children.put(e.path(), e);
                        } else {
                            String dir = prefix + rest.substring(0, slash);
                            children.putIfAbsent(dir, new Entry(dir, true, 0));
                        }
                    }));
            return null;
        });
        return new ArrayList<>(children.values());
    }

    @Override
    public void delete(String path) {
        int removed = db.inTransaction(h -> h.createUpdate("DELETE FROM tracking_artifacts WHERE path = :p OR substr(path, 1, :n) = :prefix")
                .bind("p", path).bind("n", path.length() + 1).bind("prefix", path + "/").execute());
        if (removed == 0) {
            throw ChorusException.notFound("No artifact at " + path);
        }
    }

    @Override
    public String createUpload(String path) {
        ArtifactPaths.require(path, false);
        return uploads.create();
    }

    @Override
    public void putPart(String uploadId, int partNumber, InputStream bytes) {
        uploads.putPart(uploadId, partNumber, bytes);
    }

    @Override
    public void completeUpload(String path, String uploadId, List<Integer> partNumbers) {
        uploads.join(uploadId, partNumbers, joined -> put(path, joined));
    }

    @Override
    public void abortUpload(String uploadId) {
        uploads.abort(uploadId);
    }
}
