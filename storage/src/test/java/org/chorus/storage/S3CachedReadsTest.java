package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.storage.FileCacheTest.Regions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from an S3 store (s3proxy in this JVM) with a local cache directory, as a node opens it: a whole file read
 * once goes out later as one region of a local copy; a xorb read once is copied and later ranges are regions of that
 * copy, checked as a directory store's xorb files are; a rotten copy is refused and fetched again; a copy that goes
 * away between lookup and open is read from the store. Without the option nothing is cached.
 */
class S3CachedReadsTest {
    @TempDir
    Path cacheDir;

    @BeforeAll
    static void startS3() throws Exception {
        S3ObjectStoreTest.startS3();
    }

    @AfterAll
    static void stopS3() throws Exception {
        S3ObjectStoreTest.stopS3();
    }

    DefaultChunkStore open(boolean cached) {
        StorageConfig config = S3ObjectStoreTest.s3.freshBucket("cached");
        if (cached) {
            config = config.withDefaultCache(cacheDir);
        }
        return new DefaultChunkStore(S3ObjectStore.open(config), ChunkStoreContract.SMALL);
    }

    static Regions xorbRange(DefaultChunkStore store, XorbHash xorb, long start, long end) throws IOException {
        Regions out = new Regions();
        try (XorbRangeReader r = new XorbRangeReader(store, xorb, start, end)) {
            r.transferTo(out);
        }
        return out;
    }

    /** The stored bytes of {@code xorb}, read from the bucket. */
    static byte[] stored(DefaultChunkStore store, XorbHash xorb) {
        return store.objects.get(DefaultChunkStore.xorbName(xorb));
    }

    /** A stored file of 30,000 bytes made from a seed, its first xorb and that xorb's stored bytes. */
    record Ingested(byte[] data, FileRecord file, XorbHash xorb, byte[] stored) {}

    static Ingested ingest(DefaultChunkStore store, long seed) {
        byte[] data = ChunkStoreContract.mixedData(30_000, seed);
        FileRecord file = store.ingest(new ByteArrayInputStream(data));
        XorbHash xorb = file.terms().getFirst().xorb();
        return new Ingested(data, file, xorb, stored(store, xorb));
    }

    /** As {@link #ingest}, its first xorb read once and copied. */
    static Ingested copied(DefaultChunkStore store, long seed) throws IOException {
        Ingested in = ingest(store, seed);
        xorbRange(store, in.xorb(), 0, in.stored().length);
        store.fileCache.orElseThrow().awaitBuilds();
        return in;
    }

    Path copy(DefaultChunkStore store, XorbHash xorb) {
        return store.fileCache.orElseThrow().get(FileCache.xorbKey(xorb)).orElseThrow().path();
    }

    @Test
    void aWholeFileReadOnceGoesOutAsOneRegionOfALocalCopy() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(50_000, 31);
        try (DefaultChunkStore store = open(true)) {
            FileRecord file = store.ingest(new ByteArrayInputStream(data));
            Regions first = FileCacheTest.download(store, file, 0, data.length);
            store.fileCache.orElseThrow().awaitBuilds();
            Regions again = FileCacheTest.download(store, file, 0, data.length);
            Regions range = FileCacheTest.download(store, file, 4_321, 43_210);

            assertThat(first.bytes.toByteArray()).isEqualTo(data);
            assertThat(first.regions).as("the first read comes from the bucket: no file regions").isZero();
            assertThat(again.bytes.toByteArray()).isEqualTo(data);
            assertThat(again.regions).isEqualTo(1);
            assertThat(range.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 4_321, 43_210));
            assertThat(range.regions).isEqualTo(1);
            try (Stream<Path> files = Files.walk(cacheDir)) {
                assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                        .as("the copies are in the node's directory").contains(FileCache.fileKey(file.hash()));
            }
            assertThat(store.objects.list("")).as("nothing of the cache in the bucket").noneMatch(i -> i.name().contains("cache"));
        }
    }

    @Test
    void aXorbReadOnceIsCopiedAndLaterRangesAreRegionsOfTheCopy() throws IOException {
        try (DefaultChunkStore store = open(true)) {
            Ingested in = ingest(store, 32);
            FileRecord file = in.file();
            XorbHash xorb = in.xorb();
            byte[] stored = in.stored();
            long size = stored.length;

            Regions first = xorbRange(store, xorb, 0, size);
            store.fileCache.orElseThrow().awaitBuilds();
            assertThat(first.bytes.toByteArray()).isEqualTo(stored);
            assertThat(first.regions).as("from the bucket").isZero();
            assertThat(Files.readAllBytes(copy(store, xorb))).isEqualTo(stored);
            for (long[] r : new long[][] {{0, size}, {3, size - 5}, {1000, 1001}}) {
                Regions out = xorbRange(store, xorb, r[0], r[1]);
                assertThat(out.bytes.toByteArray()).as("%d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(stored, (int) r[0], (int) r[1]));
                assertThat(out.regions).as("regions of the local copy").isPositive();
            }
            // A ranged read of the file (no file entry: ranges fill none) maps the same copy
            Regions ranged = FileCacheTest.download(store, file, 10, 2_000);
            assertThat(ranged.regions).isPositive();
        }
    }

    @Test
    void smallReadsAskForACopyOnlyOnceTheyAddUpToAQuarterOfTheXorb() throws IOException {
        try (DefaultChunkStore store = open(true)) {
            Ingested in = ingest(store, 37);
            XorbHash xorb = in.xorb();
            byte[] stored = in.stored();
            int probe = stored.length / 10;
            FileCache cache = store.fileCache.orElseThrow();

            for (int i = 0; i < 2; i++) {
                assertThat(xorbRange(store, xorb, i * probe, (i + 1) * probe).regions).isZero();
                cache.awaitBuilds();
                assertThat(cache.get(FileCache.xorbKey(xorb))).as("%d tenths read: no copy", i + 1).isEmpty();
            }
            xorbRange(store, xorb, 2 * probe, 3 * probe);   // three tenths: past a quarter
            cache.awaitBuilds();
            assertThat(cache.get(FileCache.xorbKey(xorb))).isPresent();
            assertThat(xorbRange(store, xorb, 0, probe).regions).as("then from the copy").isPositive();
        }
    }

    @Test
    void aRottenCopyIsRefusedAndFetchedAgain() throws IOException {
        try (DefaultChunkStore store = open(true)) {
            Ingested in = copied(store, 33);
            XorbHash xorb = in.xorb();
            byte[] stored = in.stored();

            FileCacheTest.flip(copy(store, xorb), ChunkCodec.HEADER + 10);

            assertThatThrownBy(() -> xorbRange(store, xorb, 0, stored.length))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
            assertThat(store.fileCache.orElseThrow().get(FileCache.xorbKey(xorb))).as("the rotten copy is dropped").isEmpty();
            assertThat(xorbRange(store, xorb, 0, stored.length).bytes.toByteArray()).as("read from the bucket again").isEqualTo(stored);
            store.fileCache.orElseThrow().awaitBuilds();
            Regions fresh = xorbRange(store, xorb, 0, stored.length);
            assertThat(fresh.bytes.toByteArray()).isEqualTo(stored);
            assertThat(fresh.regions).as("from a fresh copy").isPositive();
        }
    }

    @Test
    void aXorbCopyOutlivesTheFilesLifetimeAndIsCheckedAgainOnceItsMarksExpire() throws IOException {
        try (DefaultChunkStore store = open(true)) {
            Ingested in = copied(store, 36);
            XorbHash xorb = in.xorb();
            byte[] stored = in.stored();
            xorbRange(store, xorb, 0, stored.length);   // checks every chunk of the copy and marks them

            store.fileCache.orElseThrow().ttl(Duration.ZERO);
            assertThat(store.fileCache.orElseThrow().get(FileCache.xorbKey(xorb))).as("no lifetime for a copy").isPresent();
            Regions kept = xorbRange(store, xorb, 0, stored.length);
            assertThat(kept.regions).isPositive();
            assertThat(kept.bytes.toByteArray()).isEqualTo(stored);

            // A byte rots in the copy after its check: once the marks expire, the next read checks again and refuses it
            FileCacheTest.flip(copy(store, xorb), ChunkCodec.HEADER + 10);
            store.verified.ttl(Duration.ZERO);
            assertThatThrownBy(() -> xorbRange(store, xorb, 0, stored.length))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
            assertThat(store.fileCache.orElseThrow().get(FileCache.xorbKey(xorb))).isEmpty();
        }
    }

    @Test
    void aCopyGoneBeforeItIsOpenedIsReadFromTheStore() throws IOException {
        try (DefaultChunkStore store = open(true)) {
            Ingested in = ingest(store, 34);
            FileRecord file = in.file();
            XorbHash xorb = in.xorb();
            byte[] stored = in.stored();
            FileCacheTest.download(store, file, 5, 9_000);
            store.fileCache.orElseThrow().awaitBuilds();

            Files.delete(copy(store, xorb));   // the entry still names it

            assertThat(xorbRange(store, xorb, 0, stored.length).bytes.toByteArray()).isEqualTo(stored);
            assertThat(FileCacheTest.download(store, file, 5, 9_000).bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(in.data(), 5, 9_000));
        }
    }

    @Test
    void withoutACacheDirectoryNothingIsCopied() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(20_000, 35);
        try (DefaultChunkStore store = open(false)) {
            FileRecord file = store.ingest(new ByteArrayInputStream(data));
            assertThat(store.fileCache).isEmpty();
            FileCacheTest.download(store, file, 0, data.length);
            Regions again = FileCacheTest.download(store, file, 0, data.length);
            assertThat(again.bytes.toByteArray()).isEqualTo(data);
            assertThat(again.regions).isZero();
        }
    }
}
