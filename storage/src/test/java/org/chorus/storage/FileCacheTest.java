package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-file cache of a directory store: a whole download fills it, later reads (whole or ranged) go out as one
 * region of the cached copy instead of one per chunk, a rotten byte is never sent as good once the entry's lifetime
 * ends, and two processes on one directory keep separate caches that disappear with them.
 */
class FileCacheTest {
    @TempDir
    Path dir;

    /** A download channel that takes file regions, as the server's does, and records how many it was given. */
    static class Regions implements FileRegionChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int regions;

        @Override
        public void writeRegion(ByteBuffer mapped, FileChannel file, long position) throws IOException {
            regions++;
            ByteBuffer read = ByteBuffer.allocate(mapped.remaining());
            while (read.hasRemaining() && file.read(read, position + read.position()) > 0) {
                // the bytes a sendfile from this file would send
            }
            bytes.write(read.array(), 0, read.position());
            mapped.position(mapped.limit());
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            bytes.writeBytes(b);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    DefaultChunkStore open() {
        return new DefaultChunkStore(new DirectoryObjectStore(dir), ChunkStoreContract.SMALL);
    }

    static Regions download(DefaultChunkStore store, FileRecord file, long start, long end) throws IOException {
        Regions out = new Regions();
        try (FileReader r = new FileReader(store, file, start, end)) {
            r.transferTo(out);
        }
        return out;
    }

    static void flip(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    /** {@code data} stored, downloaded whole once, and its cache entry built. */
    static FileRecord cachedFile(DefaultChunkStore store, byte[] data) throws IOException {
        FileRecord file = store.ingest(new ByteArrayInputStream(data));
        download(store, file, 0, data.length);
        store.fileCache.orElseThrow().awaitBuilds();
        return file;
    }

    Path cached(FileRecord file) throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve(".cache"))) {
            return files.filter(p -> p.getFileName().toString().equals(FileCache.fileKey(file.hash()))).findFirst().orElseThrow();
        }
    }

    @Test
    void aWholeDownloadFillsTheCacheAndLaterReadsAreOneRegionOfIt() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(60_000, 21);
        try (DefaultChunkStore store = open()) {
            FileRecord file = store.ingest(new ByteArrayInputStream(data));
            FileCache cache = store.fileCache.orElseThrow();
            assertThat(cache.get(FileCache.fileKey(file.hash()))).isEmpty();

            // Execute: ranged reads do not fill the cache, a whole one does
            download(store, file, 100, 20_000);
            Regions ranged = download(store, file, 100, 20_000);
            cache.awaitBuilds();
            assertThat(cache.get(FileCache.fileKey(file.hash()))).isEmpty();
            Regions first = download(store, file, 0, data.length);
            cache.awaitBuilds();
            Regions again = download(store, file, 0, data.length);
            Regions range = download(store, file, 12_345, 54_321);

            // Assert
            assertThat(ranged.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 100, 20_000));
            assertThat(ranged.regions).as("from the chunks: a region per verified raw chunk").isGreaterThan(1);
            assertThat(first.bytes.toByteArray()).isEqualTo(data);
            assertThat(again.bytes.toByteArray()).isEqualTo(data);
            assertThat(again.regions).as("later ones are one region of the cached file").isEqualTo(1);
            assertThat(range.bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 12_345, 54_321));
            assertThat(range.regions).isEqualTo(1);
            assertThat(store.objects.list("")).as("the cache holds no objects").noneMatch(i -> i.name().startsWith("."));
        }
    }

    @Test
    void aRottenByteIsNeverSentAsGoodOnceTheLifetimeEnds() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(40_000, 22);
        try (DefaultChunkStore store = open()) {
            FileRecord file = cachedFile(store, data);
            FileCache cache = store.fileCache.orElseThrow();

            // A byte rots in the cached copy: once the entry expires, the download comes from the chunks, whole,
            // and the entry is built again from them
            flip(cached(file), 777);
            cache.ttl(Duration.ZERO);
            assertThat(download(store, file, 0, data.length).bytes.toByteArray()).isEqualTo(data);
            cache.awaitBuilds();
            cache.ttl(Duration.ofMinutes(10));
            Regions rebuilt = download(store, file, 0, data.length);
            assertThat(rebuilt.regions).isEqualTo(1);
            assertThat(rebuilt.bytes.toByteArray()).isEqualTo(data);

            // A byte rots in the xorb: once entry and marks expire, the download and the rebuild check every chunk
            // again and refuse it
            Path xorb = dir.resolve(DefaultChunkStore.xorbName(file.terms().getFirst().xorb()));
            flip(xorb, ChunkCodec.HEADER + 10);
            store.verified.ttl(Duration.ZERO);
            cache.ttl(Duration.ZERO);
            assertThatThrownBy(() -> download(store, file, 0, data.length))
                    .extracting(e -> ((ChorusException) e).code()).isEqualTo(ErrorCode.DATA_CORRUPTED);
            cache.awaitBuilds();
            cache.ttl(Duration.ofMinutes(10));
            assertThat(cache.get(FileCache.fileKey(file.hash()))).as("no entry built from a rotten xorb").isEmpty();
        }
    }

    @Test
    void xorbRangesGivenAsRegionsAreTheStoredBytes() throws IOException {
        try (DefaultChunkStore store = open()) {
            FileRecord file = store.ingest(new ByteArrayInputStream(ChunkStoreContract.mixedData(30_000, 24)));
            XorbHash xorb = file.terms().getFirst().xorb();
            byte[] stored = Files.readAllBytes(dir.resolve(DefaultChunkStore.xorbName(xorb)));
            long size = store.xorbSize(xorb).orElseThrow();
            for (long[] range : new long[][] {{0, size}, {0, size}, {3, size - 5}, {1000, 1001}}) {
                Regions out = new Regions();
                try (XorbRangeReader r = new XorbRangeReader(store, xorb, range[0], range[1])) {
                    r.transferTo(out);
                }
                assertThat(out.bytes.toByteArray()).as("%d-%d", range[0], range[1])
                        .isEqualTo(Arrays.copyOfRange(stored, (int) range[0], (int) range[1]));
                assertThat(out.regions).isPositive();
            }
        }
    }

    @Test
    void aDownloadCutShortBuildsNoEntry() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(40_000, 25);
        try (DefaultChunkStore store = open()) {
            FileRecord file = store.ingest(new ByteArrayInputStream(data));
            Regions hangsUp = new Regions() {
                @Override
                public void writeRegion(ByteBuffer mapped, FileChannel f, long position) throws IOException {
                    throw new IOException("the client went away");
                }

                @Override
                public int write(ByteBuffer src) throws IOException {
                    throw new IOException("the client went away");
                }
            };
            try (FileReader r = new FileReader(store, file, 0, data.length)) {
                assertThatThrownBy(() -> r.transferTo(hangsUp)).isInstanceOf(IOException.class);
            }
            store.fileCache.orElseThrow().awaitBuilds();
            assertThat(store.fileCache.orElseThrow().get(FileCache.fileKey(file.hash()))).isEmpty();
        }
    }

    @Test
    void atMostEightBuildsAreQueuedOrRunning() throws Exception {
        try (DefaultChunkStore store = open()) {
            FileCache cache = store.fileCache.orElseThrow();
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            cache.build("k0", 1, false, out -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                out.write(ByteBuffer.wrap(new byte[1]));
            });
            for (int i = 1; i < FileCache.MAX_PENDING + 2; i++) {
                cache.build("k" + i, 1, false, out -> out.write(ByteBuffer.wrap(new byte[1])));
            }
            release.countDown();
            cache.awaitBuilds();
            for (int i = 0; i < FileCache.MAX_PENDING + 2; i++) {
                assertThat(cache.get("k" + i).isPresent()).as("k%d built", i).isEqualTo(i < FileCache.MAX_PENDING);
            }
        }
    }

    @Test
    void twoProcessesOnOneDirectoryKeepSeparateCachesThatLeaveWithThem() throws IOException {
        byte[] data = ChunkStoreContract.mixedData(20_000, 23);
        Path abandoned = Files.createDirectories(dir.resolve(".cache/dead"));
        Files.write(abandoned.resolve("x"), new byte[10]);
        Files.createFile(dir.resolve(".cache/dead.lock"));
        try (DefaultChunkStore a = open(); DefaultChunkStore b = open()) {
            assertThat(abandoned).as("a dead process's cache is removed").doesNotExist();
            FileRecord file = cachedFile(a, data);
            assertThat(a.fileCache.orElseThrow().get(FileCache.fileKey(file.hash()))).isPresent();
            assertThat(b.fileCache.orElseThrow().get(FileCache.fileKey(file.hash()))).as("b's cache is its own").isEmpty();
            assertThat(download(b, file, 0, data.length).bytes.toByteArray()).isEqualTo(data);
        }
        try (Stream<Path> left = Files.list(dir.resolve(".cache"))) {
            assertThat(left).as("closed caches leave nothing").isEmpty();
        }
    }
}
