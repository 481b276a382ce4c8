package org.chorus.viewer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.Repo;
import org.chorus.viewer.RepoFiles.StoredFile;

/**
 * Node-local copies of data files for DuckDB, named by content hash: a cache, since any node can make its own from the
 * hub's storage and deleting the directory loses nothing. A text file larger than the limit is copied up to its last
 * line end within the limit and read as a part ({@code partial}); a copy is written to a temporary name, flushed and
 * then moved in place, so a reader never sees half a file.
 */
final class LocalCopies {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40,64}");

    record LocalFile(Path path, boolean partial) {}

    private final Path dir;
    private final RepoFiles files;
    private final long maxTextBytes;

    LocalCopies(Path dir, RepoFiles files, long maxTextBytes) {
        this.dir = dir;
        this.files = files;
        this.maxTextBytes = maxTextBytes;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    LocalFile copy(Repo repo, String commit, StoredFile file, DataFormat format) {
        if (!HASH.matcher(file.contentHash()).matches()) {
            throw new IllegalStateException("not a content hash: " + file.contentHash());
        }
        boolean partial = format.isText() && file.size() > maxTextBytes;
        String name = file.contentHash() + (partial ? "-" + maxTextBytes : "") + "." + format.name().toLowerCase(java.util.Locale.ROOT);
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            return new LocalFile(target, partial);
        }
        Path tmp = dir.resolve(name + "." + Thread.currentThread().threadId() + "." + System.nanoTime() + ".tmp");
        try {
            long length = partial ? maxTextBytes : file.size();
            try (InputStream in = files.open(repo, commit, file, length);
                 OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            if (partial) {
                cutAtLastLineEnd(tmp);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new LocalFile(target, partial);
        } catch (IOException e) {
            throw new ChorusException(org.chorus.core.ErrorCode.UNAVAILABLE, "could not copy " + file.path() + " for the viewer: " + e.getMessage());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file is harmless: the directory is a cache
            }
        }
    }

    /** Drops a trailing partial line, so the last row read is a whole one. */
    private static void cutAtLastLineEnd(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            long end = size;
            while (end > 0) {
                long start = Math.max(0, end - buf.capacity());
                buf.clear().limit((int) (end - start));
                while (buf.hasRemaining() && ch.read(buf, start + buf.position()) >= 0) {
                    // a positional read may return fewer bytes than asked
                }
                for (int i = buf.position() - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        ch.truncate(start + i + 1);
                        return;
                    }
                }
                end = start;
            }
        }
    }
}
