package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Parts of multipart uploads as blobs {@code <key>/<part number>} until the upload completes, so a part sent to one
 * node and the next part sent to another both count (nothing is staged on a node's disk). Each part is one blob
 * put: whole or absent, and a retried part replaces it.
 */
public final class StagedUploads {
    private static final Pattern KEY = Pattern.compile("[0-9a-z_-]{8,160}");
    private static final String BEGUN = "begun";

    private final BlobStore blobs;
    private final int maxPart;

    /** Parts numbered 1 to {@code maxPart}. */
    public StagedUploads(BlobStore blobs, int maxPart) {
        this.blobs = blobs;
        this.maxPart = maxPart;
    }

    private static String key(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ChorusException.invalid("malformed upload key");
        }
        return key;
    }

    public void putPart(String key, int partNumber, InputStream bytes) {
        if (partNumber < 1 || partNumber > maxPart) {
            throw ChorusException.invalid("part number must be between 1 and " + maxPart);
        }
        try {
            blobs.put(key(key) + "/" + partNumber, bytes);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.STORAGE_FULL) {
                throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while staging part " + partNumber + " of an upload", e);
            }
            throw e;
        } catch (UncheckedIOException e) {
            if (FullDisk.is(e.getCause())) {
                throw new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while staging part " + partNumber + " of an upload", e);
            }
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot store upload part: " + e.getCause().getMessage(), e);
        }
    }

    /** Marks an upload begun, for callers that hand out upload ids before any part (MLflow's multipart artifacts). */
    public void begin(String key) {
        blobs.put(key(key) + "/" + BEGUN, InputStream.nullInputStream());
    }

    /** Whether {@link #begin} marked the upload and it was neither joined nor discarded since. */
    public boolean begun(String key) {
        return blobs.stat(key(key) + "/" + BEGUN).isPresent();
    }

    /**
     * Hands {@code parts}, in this order, as one stream to {@code sink} (each part opened only when the one before
     * is read); deletes the upload's parts once the sink succeeded. A part never uploaded is a 400 before any byte.
     */
    public void join(String key, List<Integer> parts, Consumer<InputStream> sink) {
        String k = key(key);
        List<BlobStore.Info> stored = parts.stream().map(n -> blobs.stat(k + "/" + n).orElseThrow(() ->
                ChorusException.invalid("part " + n + " of " + parts.size() + " was never uploaded"))).toList();
        Iterator<BlobStore.Info> next = stored.iterator();
        java.util.Enumeration<InputStream> opened = new java.util.Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return next.hasNext();
            }

            @Override
            public InputStream nextElement() {
                if (!next.hasNext()) {
                    throw new NoSuchElementException();
                }
                BlobStore.Info part = next.next();
                try {
                    return blobs.open(part.name(), 0, part.size());
                } catch (ChorusException e) {
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                    // A concurrent completion joined and deleted the parts; the blob's name is internal, never in the answer.
                    throw new ChorusException(ErrorCode.CONFLICT, "a part of this upload was deleted while it was joined"
                            + " (another completion of the same upload finished first)", e);
                }
            }
        };
        try (InputStream all = new SequenceInputStream(opened)) {
            sink.accept(all);
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot join upload parts: " + e.getMessage(), e);
        }
        discard(k);
    }

    /** Deletes whatever parts of the upload are staged. */
    public void discard(String key) {
        for (BlobStore.Info part : blobs.list(key(key) + "/")) {
            blobs.delete(part.name());
        }
    }
}
