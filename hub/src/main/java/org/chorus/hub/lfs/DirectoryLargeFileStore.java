package org.chorus.hub.lfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.storage.BlobStore;
import org.chorus.storage.StagedUploads;

/** Objects at {@code <dir>/objects/ab/cd/<sha256>}: written to a temp file, verified, fsynced, renamed. */
final class DirectoryLargeFileStore implements LargeFileStore {
    private final Path objects;
    private final Path temp;
    private final StagedUploads parts;

    DirectoryLargeFileStore(Path dir) {
        this.objects = dir.resolve("objects");
        this.temp = dir.resolve("tmp");
        this.parts = new StagedUploads(BlobStore.directory(dir.resolve("parts")), StagedParts.MAX_PART);
        try {
            Files.createDirectories(objects);
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path path(String sha256) {
        if (!LargeFileStore.isSha256(sha256)) {
            throw ChorusException.invalid("oid must be 64 lower-case hex digits");
        }
        return objects.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    /** Nothing collects this store's objects, so keeping one is knowing it is there. */
    @Override
    public boolean keep(String sha256, long size) {
        return size(sha256).orElse(-1) == size;
    }

    @Override
    public void put(String sha256, long size, InputStream bytes) {
        Path target = path(sha256);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(temp, "put-", ".tmp");
            MessageDigest digest = sha256();
            long written;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                // one byte past the announced size is enough to know it is wrong; never read an endless stream
                written = new DigestInputStream(new BoundedInputStream(bytes, size + 1), digest).transferTo(out);
                ch.force(true);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (written != size || !actual.equals(sha256)) {
                throw ChorusException.invalid("uploaded bytes do not match: announced sha256 " + sha256 + " and size " + size
                        + ", received sha256 " + actual + " and size " + written);
            }
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "cannot store large file " + sha256 + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // a leftover temp file is garbage, never visible
                }
            }
        }
    }

    @Override
    public OptionalLong size(String sha256) {
        try {
            return OptionalLong.of(Files.size(path(sha256)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) {
        try {
            FileChannel ch = FileChannel.open(path(sha256), StandardOpenOption.READ);
            ch.position(offset);
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        } catch (NoSuchFileException e) {
            throw ChorusException.notFound("large file " + sha256 + " is not stored");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void putPart(String uploadKey, int partNumber, InputStream bytes) {
        parts.putPart(uploadKey, partNumber, bytes);
    }

    @Override
    public void completeParts(String uploadKey, int partCount, String sha256, long size, Runnable stored) {
        parts.join(uploadKey, StagedParts.numbers(partCount), all -> {
            put(sha256, size, all);
            stored.run();
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
