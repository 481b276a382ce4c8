package org.chorus.tracking;

import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.storage.BlobStore;
import org.chorus.storage.StagedUploads;

/** MLflow's multipart artifact uploads, staged as blobs (shared by every node on the same storage) until completed. */
final class ArtifactUploads {
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{32}");

    private final StagedUploads staged;

    ArtifactUploads(BlobStore blobs) {
        this.staged = new StagedUploads(blobs, 10_000);
    }

    String create() {
        String id = UUID.randomUUID().toString().replace("-", "");
        staged.begin(id);
        return id;
    }

    private String existing(String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches() || !staged.begun(uploadId)) {
            throw ChorusException.notFound("No multipart upload with id '" + uploadId + "'");
        }
        return uploadId;
    }

    void putPart(String uploadId, int partNumber, InputStream bytes) {
        if (partNumber < 1 || partNumber > 10_000) {
            throw ChorusException.invalid("Part numbers run from 1 to 10000, got " + partNumber);
        }
        staged.putPart(existing(uploadId), partNumber, bytes);
    }

    /** Hands the upload's parts, joined in part-number order, to {@code sink}; then forgets the upload. */
    void join(String uploadId, List<Integer> partNumbers, Consumer<InputStream> sink) {
        String id = existing(uploadId);
        if (partNumbers.isEmpty()) {
            throw ChorusException.invalid("Completing a multipart upload needs at least one part");
        }
        staged.join(id, partNumbers.stream().sorted().toList(), sink);
    }

    void abort(String uploadId) {
        staged.discard(existing(uploadId));
    }
}
