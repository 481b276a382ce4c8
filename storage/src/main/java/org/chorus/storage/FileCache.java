package org.chorus.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * Local plain-file copies, so that a download of something read before is a few large sendfile calls over one file
 * region, as a static server sends it (see design-notes, "Transfers"): whole stored files, reassembled from verified
 * chunks, instead of one call per 64 KiB chunk; and, for a store that keeps no local files (S3), copies of the xorbs
 * read, which readers then map and verify as they do a directory store's xorb files. Only a cache, owned by one process:
 * <ul>
 *   <li>its directory is {@code <parent>/<random id>}, locked by {@code <id>.lock} while this process runs and deleted
 *       at close; directories whose lock is free belong to processes that died and are removed at open, so nodes that
 *       share a directory never read each other's entries;</li>
 *   <li>an entry is written into a temporary file that is renamed when complete: a whole file through
 *       {@link FileReader} (every chunk verified, or marked verified within the marks' lifetime), so it never holds bytes
 *       that were not checked; a xorb as stored, its chunks checked by whoever reads them (as for a xorb file);</li>
 *   <li>a whole file's entry expires {@code ttl} after it was written: the next read rebuilds it, which verifies every
 *       chunk again once their marks expired too, so a byte that rots in the cache or in a xorb is served for at most
 *       {@code ttl}; a xorb's copy does not expire, as its readers check its chunks (again once their marks expire);</li>
 *   <li>entries are bounded by {@code maxBytes} (least recently used evicted); at most one is built at a time, and
 *       at most {@link #MAX_PENDING} are queued or running.</li>
 * </ul>
 */
final class FileCache implements AutoCloseable {
    /** A cached file, written at {@code since} (System.nanoTime); one that {@code expires} lasts the lifetime. */
    record Entry(Path path, long size, long since, boolean expires) {}

    /** Writes an entry's bytes; any exception leaves no entry. */
    @FunctionalInterface
    interface Fill {
        void into(FileChannel out) throws IOException;
    }

    /**
     * Lock files of the caches open in this JVM, never opened again by {@link #removeAbandoned}: closing any channel on
     * a file drops every lock the process holds on it (POSIX locks belong to the process).
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    /**
     * Builds queued or running at most: one more is not asked for (its reads go on from the chunks), so requests for
     * many different files or xorbs cannot queue an unbounded amount of reading behind the one builder thread.
     */
    static final int MAX_PENDING = 8;

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final long maxBytes;
    private volatile long ttlNanos;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("file-cache").factory());
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final Set<String> building = new HashSet<>();
    private long bytes;

    private FileCache(Path dir, FileChannel lockFile, FileLock lock, long maxBytes, Duration ttl) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
        this.maxBytes = maxBytes;
        this.ttlNanos = ttl.toNanos();
    }

    /** A fresh cache in a new directory under {@code parent}, after removing those of dead processes. */
    static FileCache open(Path parent, long maxBytes, Duration ttl) {
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent);
            String id = UUID.randomUUID().toString();
            Path lockPath = parent.resolve(id + ".lock").toAbsolutePath().normalize();
            FileChannel lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            FileLock lock = lockFile.lock();
            OPEN.add(lockPath);
            Path dir = Files.createDirectory(parent.resolve(id));
            return new FileCache(dir, lockFile, lock, maxBytes, ttl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the file cache under " + parent, e);
        }
    }

    private static void removeAbandoned(Path parent) throws IOException {
        try (Stream<Path> locks = Files.list(parent)) {
            for (Path p : locks.filter(p -> p.getFileName().toString().endsWith(".lock") && !OPEN.contains(p.toAbsolutePath().normalize())).toList()) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE); FileLock free = ch.tryLock()) {
                    if (free == null) {
                        continue;   // its process is alive
                    }
                    String id = p.getFileName().toString().replace(".lock", "");
                    deleteTree(parent.resolve(id));
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Gone meanwhile (another process removed it).
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** For tests: how long an entry lasts. */
    void ttl(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The key of a whole stored file's entry. */
    static String fileKey(FileHash file) {
        return "file-" + file.hex();
    }

    /** The key of a xorb's copy. */
    static String xorbKey(XorbHash xorb) {
        return "xorb-" + xorb.hex();
    }

    /** The entry under {@code key}, if one was built less than the lifetime ago. */
    synchronized Optional<Entry> get(String key) {
        Entry e = entries.get(key);
        if (e != null && e.expires() && System.nanoTime() - e.since() >= ttlNanos) {
            drop(key);
            return Optional.empty();
        }
        return Optional.ofNullable(e);
    }

    /** Drops the entry under {@code key} (a reader found it missing, of the wrong size or corrupt). */
    synchronized void drop(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            bytes -= e.size();
            try {
                // A download still sending from it keeps its open channel; the name goes now.
                Files.deleteIfExists(e.path());
            } catch (IOException ignored) {
                // Removed with the directory at close.
            }
        }
    }

    /** Builds the entry for a whole stored file in the background (see {@link #build(String, long, boolean, Fill)}). */
    void build(DefaultChunkStore store, FileRecord file) {
        build(fileKey(file.hash()), file.size(), true, out -> {
            try (FileReader in = new FileReader(store, file, 0, file.size())) {
                in.transferTo(out);
            }
        });
    }

    /**
     * Builds an entry of {@code size} bytes under {@code key} in the background, unless one exists, is being built or
     * cannot fit; {@code fill} must write exactly {@code size} bytes; an entry that {@code expires} lasts the lifetime.
     */
    void build(String key, long size, boolean expires, Fill fill) {
        synchronized (this) {
            if (size > maxBytes || entries.containsKey(key) || building.size() >= MAX_PENDING || !building.add(key)) {
                return;
            }
        }
        try {
            builder.execute(() -> {
                try {
                    write(key, size, expires, fill);
                } finally {
                    synchronized (this) {
                        building.remove(key);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            synchronized (this) {
                building.remove(key);
            }
        }
    }

    /** For tests: waits until the builds asked for so far have ended. */
    void awaitBuilds() {
        try {
            builder.submit(() -> {}).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String key, long size, boolean expires, Fill fill) {
        Path part = dir.resolve(key + ".part");
        Path done = dir.resolve(key);
        synchronized (this) {
            while (bytes + size > maxBytes && !entries.isEmpty()) {
                drop(entries.keySet().iterator().next());
            }
        }
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            fill.into(out);
            if (out.size() != size) {
                throw new IOException("wrote " + out.size() + " of " + size + " bytes");
            }
        } catch (IOException | RuntimeException e) {
            // A chunk that failed verification, a full disk, a store closing: no entry; downloads use the chunks.
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // Removed with the directory at close.
            }
            return;
        }
        try {
            Files.move(part, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            return;
        }
        synchronized (this) {
            entries.put(key, new Entry(done, size, System.nanoTime(), expires));
            bytes += size;
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
        try {
            builder.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Path lockPath = dir.resolveSibling(dir.getFileName() + ".lock").toAbsolutePath().normalize();
        try {
            deleteTree(dir);
            lock.release();
            lockFile.close();
            Files.deleteIfExists(lockPath);
        } catch (IOException ignored) {
            // Its lock is free now: the next process to open a cache here removes what is left.
        } finally {
            OPEN.remove(lockPath);
        }
    }
}
