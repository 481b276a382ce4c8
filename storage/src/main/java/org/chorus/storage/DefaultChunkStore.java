package org.chorus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * The chunk store over one {@link ObjectStore}. Object names:
 * {@code xorbs/ab/<hash>} serialized xorb (chunk section only), {@code xorb-index/ab/<hash>} its {@link XorbLayout},
 * {@code files/ab/<hash>} a one-file Xet shard (terms + SHA-256), {@code touch/ab/<hash>} marks a xorb reused by a
 * recent ingest. A file object is written last, so it is only ever visible when everything it names is durable.
 */
final class DefaultChunkStore implements ChunkStore {
    final ObjectStore objects;
    final StorageConfig config;
    /** CPU-bound work (hashing, compression, verification): one platform thread per core. */
    final ExecutorService workers;
    /** Writes sealed xorbs while the next one fills. */
    final ExecutorService writer;
    /** Ingests hold it shared; gc takes it exclusively, so in this process gc never races an ingest. */
    final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
    private final Map<ChunkHash, ChunkLocation> chunkIndex = new ConcurrentHashMap<>();
    private volatile boolean indexLoaded;
    private final Map<XorbHash, XorbLayout> layouts = RecentlyUsed.map(4096);
    final List<RootSource> roots = new CopyOnWriteArrayList<>();
    /** Chunks of local xorb files already checked by a read, sent afterwards without hashing (see FileReader). */
    final VerifiedChunks verified = new VerifiedChunks(VERIFIED_FOR);
    /**
     * Whole files already read, as plain local files sent with sendfile, and copies of xorbs read from a store that
     * keeps no local files; for a directory store, or an S3 store given a cache directory.
     */
    final Optional<FileCache> fileCache;
    private static final Duration VERIFIED_FOR = Duration.ofMinutes(10);
    /** Bytes read from the store per xorb without a local copy yet (see {@link #localXorb}); the most recent 4,096. */
    private final Map<XorbHash, Long> remoteReads = RecentlyUsed.map(4096);
    /** SHA-256 states of xorbs arriving in file order, so a new file's shard need not read it back. */
    final ArrivalDigests arrivals = new ArrivalDigests();
    /** SHA-256 states of files whose terms their clients announce while chunking (a second version's shard). */
    final AnnouncedDigests announced = new AnnouncedDigests();

    DefaultChunkStore(ObjectStore objects, StorageConfig config) {
        this.objects = objects;
        this.config = config;
        int cores = Runtime.getRuntime().availableProcessors();
        this.workers = Executors.newFixedThreadPool(cores, Thread.ofPlatform().daemon().name("chunk-worker-", 0).factory());
        this.writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("xorb-writer").factory());
        this.fileCache = objects.cacheDirectory().flatMap(DefaultChunkStore::openFileCache);
        // Every chunk that arrives is verified with BLAKE3: its SIMD code compiles now, not during the first upload.
        org.chorus.xet.Blake3.prepareSimd();
    }

    /** Within the {@link org.chorus.core.CacheBudget}; none where it cannot be written (a read-only store). */
    private static Optional<FileCache> openFileCache(Path dir) {
        try {
            Files.createDirectories(dir);
            return Optional.of(FileCache.open(dir, org.chorus.core.CacheBudget.of(dir), VERIFIED_FOR));
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    static String xorbName(XorbHash h) {
        return "xorbs/" + fanOut(h);
    }

    static String indexName(XorbHash h) {
        return "xorb-index/" + fanOut(h);
    }

    static String fileName(FileHash h) {
        return "files/" + fanOut(h);
    }

    static String aliasName(XorbHash h) {
        return "xorb-alias/" + fanOut(h);
    }

    static String touchName(XorbHash h) {
        return "touch/" + fanOut(h);
    }

    private static String fanOut(Hash256 h) {
        String hex = h.hex();
        return hex.substring(0, 2) + "/" + hex;
    }

    /** The hash named by the last path element of an object name. */
    static String hexOf(String objectName) {
        return objectName.substring(objectName.lastIndexOf('/') + 1);
    }

    @Override
    public FileRecord ingest(InputStream in) {
        gcLock.readLock().lock();
        try {
            return new Ingester(this).run(in);
        } finally {
            gcLock.readLock().unlock();
        }
    }

    @Override
    public InputStream read(FileHash file) {
        FileRecord r = record(file);
        return new FileReader(this, r, 0, r.size());
    }

    @Override
    public InputStream read(FileHash file, long start, long end) {
        FileRecord r = record(file);
        checkRange(r, start, end);
        return new FileReader(this, r, start, end);
    }

    static void checkRange(FileRecord r, long start, long end) {
        if (start < 0 || end < start || end > r.size()) {
            throw new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE,
                    "range [" + start + ", " + end + ") is outside file " + r.hash() + " of " + r.size() + " bytes");
        }
    }

    @Override
    public Optional<FileRecord> stat(FileHash file) {
        if (!objects.exists(fileName(file))) {
            return Optional.empty();
        }
        return Optional.of(record(file));
    }

    FileRecord record(FileHash file) {
        String name = fileName(file);
        byte[] bytes;
        try {
            bytes = objects.get(name);
        } catch (ChorusException e) {
            throw e.code() == ErrorCode.NOT_FOUND ? ChorusException.notFound("no file " + file) : e;
        }
        ShardFormat.Shard shard = ShardFormat.read(bytes, name);
        if (shard.files().size() != 1 || !shard.files().getFirst().hash().equals(file)) {
            throw ChunkCodec.corrupt(name, "file object does not describe " + file);
        }
        ShardFormat.ShardFile f = shard.files().getFirst();
        long size = f.terms().stream().mapToLong(Term::rawBytes).sum();
        return new FileRecord(file, f.sha256(), size, f.terms());
    }

    @Override
    public boolean exists(FileHash file) {
        return objects.exists(fileName(file));
    }

    @Override
    public Optional<ChunkLocation> findChunk(ChunkHash chunk) {
        loadIndex();
        return Optional.ofNullable(chunkIndex.get(chunk));
    }

    void loadIndex() {
        if (indexLoaded) {
            return;
        }
        synchronized (chunkIndex) {
            if (!indexLoaded) {
                for (ObjectStore.Info info : objects.list("xorb-index/")) {
                    XorbHash h = XorbHash.fromHex(hexOf(info.name()));
                    try {
                        register(layout(h));
                    } catch (ChorusException e) {
                        // A damaged index only costs deduplication; fsck reports it.
                    }
                }
                indexLoaded = true;
            }
        }
    }

    /** Makes a durably stored xorb's chunks available for deduplication. */
    void register(XorbLayout layout) {
        synchronized (layouts) {
            layouts.put(layout.hash, layout);
        }
        for (int i = 0; i < layout.chunkCount(); i++) {
            chunkIndex.putIfAbsent(layout.chunk(i),
                    new ChunkLocation(layout.hash, i, layout.start(i), layout.start(i + 1)));
        }
    }

    void forget(XorbHash xorb) {
        verified.forget(xorb);
        dropCopy(xorb);
        synchronized (layouts) {
            layouts.remove(xorb);
        }
        chunkIndex.values().removeIf(loc -> loc.xorb().equals(xorb));
    }

    /**
     * The xorb as a local file readers can map: the store's own file, or, for a store that keeps none (S3), this
     * process's cached copy. Without a copy this read goes to the store, and once reads from the store have asked for a
     * quarter of the xorb ({@code wanted}: this read's bytes) a copy is fetched in the background for the next ones: a
     * Xet client's range or a download of the xorb asks for one at once, while small header probes cannot make the node
     * fetch 64 MiB each (at most 4 bytes fetched per byte asked for). A copy is a cache entry like any other: it may
     * vanish before it is opened (then read from the store, see {@link #isCopy}).
     */
    Optional<Path> localXorb(XorbLayout layout, long wanted) {
        XorbHash xorb = layout.hash;
        String name = xorbName(xorb);
        Optional<Path> own = objects.localFile(name);
        if (own.isPresent() || fileCache.isEmpty()) {
            return own;
        }
        FileCache cache = fileCache.get();
        String key = FileCache.xorbKey(xorb);
        Optional<FileCache.Entry> copy = cache.get(key);
        if (copy.isPresent()) {
            return Optional.of(copy.get().path());
        }
        long size = layout.start(layout.chunkCount());
        synchronized (remoteReads) {
            long asked = remoteReads.merge(xorb, wanted, Long::sum);
            if (asked < size / 4) {
                return Optional.empty();
            }
            remoteReads.remove(xorb);
        }
        // no lifetime: readers check a copy's chunks as they do a xorb file's, so it need not be fetched again
        cache.build(key, size, false, out -> {
            try (InputStream in = objects.openRange(name, 0, size)) {
                out.transferFrom(java.nio.channels.Channels.newChannel(in), 0, size);
            }
        });
        return Optional.empty();
    }

    /** Whether the local file {@link #localXorb} gives for {@code xorb} is a cached copy rather than the store's own. */
    boolean isCopy(XorbHash xorb) {
        return objects.localFile(xorbName(xorb)).isEmpty();
    }

    /**
     * Drops the cached copy of a xorb a reader found corrupt, so the next read fetches it again; nothing for a xorb
     * with no copy (a store's own file).
     */
    void dropCopy(XorbHash xorb) {
        fileCache.ifPresent(c -> c.drop(FileCache.xorbKey(xorb)));
    }

    XorbLayout layout(XorbHash xorb) {
        synchronized (layouts) {
            XorbLayout l = layouts.get(xorb);
            if (l != null) {
                return l;
            }
        }
        String name = indexName(xorb);
        XorbLayout l = XorbLayout.decode(xorb, objects.get(name), name);
        synchronized (layouts) {
            layouts.put(xorb, l);
        }
        return l;
    }

    @Override
    public boolean putXorb(XorbHash claimed, XorbHash previous, InputStream serialized) {
        return new CasOperations(this).putXorb(claimed, previous, serialized);
    }

    @Override
    public List<FileRecord> putShard(byte[] shard, long maxFileBytes, String scope) {
        return new CasOperations(this).putShard(shard, maxFileBytes, scope);
    }

    @Override
    public void announceTerms(String scope, String upload, int from, List<Term> terms, List<byte[]> verification, long maxFileBytes) {
        new CasOperations(this).announce(scope, upload, from, terms, verification, maxFileBytes);
    }

    @Override
    public Optional<byte[]> dedupShard(ChunkHash chunk) {
        return findChunk(chunk).map(loc -> new CasOperations(this).dedupShard(loc.xorb()));
    }

    @Override
    public Reconstruction reconstruct(FileHash file, long start, long end) {
        FileRecord r = record(file);
        checkRange(r, start, end);
        return new CasOperations(this).reconstruct(r, start, end);
    }

    @Override
    public InputStream readXorb(XorbHash xorb, long start, long end) {
        return new XorbRangeReader(this, xorb, start, end);
    }

    @Override
    public Optional<Long> xorbSize(XorbHash xorb) {
        return objects.stat(xorbName(xorb)).map(ObjectStore.Info::size);
    }

    @Override
    public void addRoots(RootSource source) {
        roots.add(source);
    }

    @Override
    public BlobStore blobs(String namespace) {
        return new NamespacedBlobs(objects, "blobs/" + ObjectNames.check(namespace) + "/");
    }

    @Override
    public FsckReport fsck() {
        return new Maintenance(this).fsck();
    }

    @Override
    public GcReport gc(Duration grace) {
        gcLock.writeLock().lock();
        try {
            return new Maintenance(this).gc(grace);
        } finally {
            gcLock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        fileCache.ifPresent(FileCache::close);
        workers.shutdownNow();
        writer.shutdownNow();
        objects.close();
    }
}
