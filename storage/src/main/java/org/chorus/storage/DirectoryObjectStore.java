package org.chorus.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * Objects as files under a root directory. A put writes a temporary file in {@code .tmp/}, fsyncs it, renames it
 * into place atomically and fsyncs the directory, so after a crash an object is either complete or absent.
 */
final class DirectoryObjectStore implements ObjectStore {
    private static final String TMP = ".tmp";
    private final Path root;
    private final Path tmp;

    DirectoryObjectStore(Path root) {
        this.root = root;
        this.tmp = root.resolve(TMP);
        try {
            Files.createDirectories(tmp);
            removeStaleTemporaries();
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.INTERNAL, "cannot open storage directory " + root + ": " + e, e);
        }
    }

    /** Leftovers of writers that crashed; an hour is far beyond any single put, so no live writer loses its file. */
    private void removeStaleTemporaries() throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : files.toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Override
    public void put(String name, byte[] data) {
        try (Draft d = draft()) {
            d.write(data, 0, data.length);
            d.publish(name);
        }
    }

    @Override
    public void mark(String name) {
        Path target = root.resolve(ObjectNames.check(name));
        Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        try {
            // A new file, renamed into place: its time is now even where a mark of that name exists.
            Files.createFile(temp);
            createParents(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw translate(name, e);
        }
    }

    @Override
    public Draft draft() {
        return new FileDraft();
    }

    /** A temporary file in {@code .tmp/}; publishing fsyncs it, renames it into place and fsyncs the directory. */
    private final class FileDraft implements Draft {
        private final Path temp = tmp.resolve(UUID.randomUUID() + ".part");
        private FileChannel ch;
        private long size;

        FileDraft() {
            try {
                ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw translate(temp.getFileName().toString(), e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                size += len;
            } catch (IOException e) {
                close();
                throw translate(temp.getFileName().toString(), e);
            }
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void publish(String name) {
            Path target = root.resolve(ObjectNames.check(name));
            try {
                ch.force(true);
                ch.close();
                createParents(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                fsyncDirectory(target.getParent());
            } catch (AtomicMoveNotSupportedException e) {
                close();
                throw new ChorusException(ErrorCode.INTERNAL, "storage directory does not support atomic rename", e);
            } catch (IOException e) {
                close();
                throw translate(name, e);
            }
        }

        @Override
        public void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the temporary is deleted next; a failure to close changes nothing
            }
            deleteQuietly(temp);
        }
    }

    @Override
    public java.io.InputStream openRange(String name, long start, long end) {
        Path file = root.resolve(ObjectNames.check(name));
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                ObjectNames.checkRange(name, start, end, ch.size());
            } catch (RuntimeException e) {
                ch.close();
                throw e;
            }
            ch.position(start);
            return new BoundedChannelStream(ch, end - start);
        } catch (NoSuchFileException e) {
            throw ChorusException.notFound("no object " + name);
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    @Override
    public Optional<Path> localFile(String name) {
        Path file = root.resolve(ObjectNames.check(name));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** {@code .cache/}: like {@code .tmp/}, its name cannot be an object's, and listings skip it. */
    @Override
    public Optional<Path> cacheDirectory() {
        return Optional.of(root.resolve(".cache"));
    }

    private void createParents(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createParents(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return;
        }
        // The new directory entry must be durable too, or the renamed file could vanish with it.
        fsyncDirectory(dir.getParent());
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public byte[] get(String name) {
        try {
            return Files.readAllBytes(root.resolve(ObjectNames.check(name)));
        } catch (NoSuchFileException e) {
            throw ChorusException.notFound("no object " + name);
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    @Override
    public byte[] getRange(String name, long start, long end) {
        try (RandomAccessFile f = new RandomAccessFile(root.resolve(ObjectNames.check(name)).toFile(), "r")) {
            ObjectNames.checkRange(name, start, end, f.length());
            byte[] out = new byte[Math.toIntExact(end - start)];
            f.seek(start);
            f.readFully(out);
            return out;
        } catch (java.io.FileNotFoundException e) {
            throw ChorusException.notFound("no object " + name);
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    @Override
    public Optional<Info> stat(String name) {
        try {
            BasicFileAttributes a = Files.readAttributes(root.resolve(ObjectNames.check(name)), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new Info(name, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    @Override
    public List<Info> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Info> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String name = root.relativize(p).toString().replace('\\', '/');
                if (name.startsWith(prefix) && !name.startsWith(".") && Files.isRegularFile(p)) {
                    try {
                        out.add(new Info(name, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                    } catch (NoSuchFileException gone) {
                        // deleted by another writer between the walk and the look: not there to list
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ChorusException(ErrorCode.INTERNAL, "cannot list " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(Info::name));
        return out;
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(root.resolve(ObjectNames.check(name)));
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    @Override
    public List<Info> temporaries() {
        List<Info> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path p : files.toList()) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.add(new Info(TMP + "/" + p.getFileName(), a.size(), a.lastModifiedTime().toInstant()));
                    }
                } catch (NoSuchFileException e) {
                    // its put finished (renamed it) or failed (deleted it) while we listed
                }
            }
        } catch (IOException e) {
            throw new ChorusException(ErrorCode.INTERNAL, "cannot list " + tmp + ": " + e, e);
        }
        out.sort(Comparator.comparing(Info::name));
        return out;
    }

    @Override
    public void deleteTemporary(String name) {
        String file = name.startsWith(TMP + "/") ? name.substring(TMP.length() + 1) : "";
        if (file.isEmpty() || file.contains("/") || file.equals(".") || file.equals("..")) {
            throw ChorusException.invalid("not a temporary file: " + name);
        }
        try {
            Files.deleteIfExists(tmp.resolve(file));
        } catch (IOException e) {
            throw translate(name, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // The temporary is garbage either way; stale ones are removed at the next open.
        }
    }

    static ChorusException translate(String name, IOException e) {
        if (FullDisk.is(e)) {
            return new ChorusException(ErrorCode.STORAGE_FULL, "storage is full while writing " + name, e);
        }
        return new ChorusException(ErrorCode.INTERNAL, "storage I/O failed on " + name + ": " + e, e);
    }
}
