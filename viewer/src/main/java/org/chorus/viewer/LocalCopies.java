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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.Repo;
import org.chorus.viewer.RepoFiles.StoredFile;

/**
 * Node-local copies of data files for DuckDB, named by content hash: a cache, since any node can make its own from the
 * hub's storage and deleting the directory loses nothing. A text file larger than the limit is copied up to its last
 * line end within the limit and read as a part ({@code partial}); a copy is written to a temporary name, flushed and
 * then moved in place, so a reader never sees half a file. The copies are kept under {@code maxBytes}: each use sets a
 * copy's modification time, and after a new copy the least recently used go, except those used in the last
 * {@link #IN_USE} (a request that asked for one is still reading it: DuckDB opens the files when its query runs), which
 * may hold the directory over the limit for that long.
 */
final class LocalCopies {
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40,64}");
    /** Longer than a query may wait and run (32 queued behind 2 workers, 30 s each, in the default limits). */
    static final Duration IN_USE = Duration.ofMinutes(10);

    record LocalFile(Path path, boolean partial) {}

    private final Path dir;
    private final RepoFiles files;
    private final long maxTextBytes;
    private final long maxBytes;

    LocalCopies(Path dir, RepoFiles files, long maxTextBytes, long maxBytes) {
        this.dir = dir;
        this.files = files;
        this.maxTextBytes = maxTextBytes;
        this.maxBytes = maxBytes;
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
        if (used(target)) {
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
            evict();
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

    /** Marks an existing copy as used now; false if there is none (never made, or evicted). */
    private static boolean used(Path copy) {
        try {
            Files.setLastModifiedTime(copy, FileTime.from(Instant.now()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the least recently used copies not used within {@link #IN_USE} until the rest fit {@code maxBytes}. */
    private synchronized void evict() {
        record Copy(Path path, long size, FileTime used) {}
        List<Copy> copies = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> !p.getFileName().toString().endsWith(".tmp")).toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    copies.add(new Copy(p, a.size(), a.lastModifiedTime()));
                } catch (IOException gone) {
                    // removed meanwhile
                }
            }
        } catch (IOException e) {
            return;   // the copy was made; the next one tries again
        }
        long total = copies.stream().mapToLong(Copy::size).sum();
        Instant recent = Instant.now().minus(IN_USE);
        copies.sort(Comparator.comparing(Copy::used));
        for (Copy c : copies) {
            if (total <= maxBytes) {
                return;
            }
            try {
                // read again just before: a request may have just used it
                if (Files.getLastModifiedTime(c.path()).toInstant().isAfter(recent)) {
                    continue;
                }
                Files.deleteIfExists(c.path());
            } catch (IOException gone) {
                // removed meanwhile: counted as gone
            }
            total -= c.size();
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
