package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chorus storage gc} runs in its own process while a server uploads: a second store over the same directory,
 * so the in-process lock does not order them. What an upload has written but not yet published (xorbs before their
 * file record, xorbs before the shard that names them) is younger than the grace period and must survive.
 */
class GcDuringUploadsTest {
    private static final Duration GRACE = Duration.ofHours(1);

    @TempDir
    Path dir;

    /**
     * Holds the first write of an object whose name starts with {@code prefix} until released. Drafts collect in memory
     * and publish through {@link #put}, so that a draft's object is held too.
     */
    static final class Pausing extends ForwardingObjectStore {
        private final String prefix;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Pausing(ObjectStore inner, String prefix) {
            super(inner);
            this.prefix = prefix;
        }

        @Override
        public void put(String name, byte[] data) {
            if (name.startsWith(prefix) && reached.getCount() > 0) {
                reached.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            inner.put(name, data);
        }

        @Override
        public Draft draft() {
            return new Draft.InMemory(this);
        }

        @Override
        public void mark(String name) {
            put(name, new byte[0]);
        }
    }

    private DefaultChunkStore gcProcess() {
        return new DefaultChunkStore(new DirectoryObjectStore(dir), ChunkStoreContract.SMALL);
    }

    @Test
    void anIngestWhoseXorbsAreWrittenButNotYetPublishedSurvivesAGcInTheMiddle() throws Exception {
        // Prepare: the upload stops right before its file record, every xorb written
        byte[] data = SplitMix.randomData(30_000, 31);
        Pausing paused = new Pausing(new DirectoryObjectStore(dir), "files/");
        try (DefaultChunkStore server = new DefaultChunkStore(paused, ChunkStoreContract.SMALL); DefaultChunkStore gc = gcProcess()) {
            CompletableFuture<FileRecord> upload = CompletableFuture.supplyAsync(() -> server.ingest(new ByteArrayInputStream(data)));
            assertThat(paused.reached.await(30, TimeUnit.SECONDS)).isTrue();

            // Execute
            GcReport during = gc.gc(GRACE);
            paused.release.countDown();
            FileRecord r = upload.get(30, TimeUnit.SECONDS);

            // Assert
            assertThat(during.xorbsDeleted()).isZero();
            assertThat(during.xorbsKept()).isPositive();
            assertThat(ChunkStoreContract.readAll(gc.read(r.hash()))).isEqualTo(data);
            assertThat(gc.fsck().ok()).isTrue();
        }
    }

    @Test
    void xorbsUploadedBeforeTheirShardSurviveAGcBetweenTheTwo() {
        // Prepare: a Xet client's xorbs, built elsewhere, uploaded; its shard not yet
        try (DefaultChunkStore client = new DefaultChunkStore(new MemoryObjectStore(), ChunkStoreContract.SMALL);
             DefaultChunkStore server = new DefaultChunkStore(new DirectoryObjectStore(dir), ChunkStoreContract.SMALL);
             DefaultChunkStore gc = gcProcess()) {
            byte[] data = SplitMix.randomData(20_000, 32);
            FileRecord r = client.ingest(new ByteArrayInputStream(data));
            for (Term t : r.terms()) {
                ChunkStoreContract.putXorb(server, t.xorb(), ChunkStoreContract.xorbBytes(client, t.xorb(), 0, client.xorbSize(t.xorb()).orElseThrow()));
            }
            var file = new ShardFormat.ShardFile(r.hash(), r.terms(), r.terms().stream().map(t -> XetHashing
                    .verificationHash(client.layout(t.xorb()).chunkHashes(t.chunkStart(), t.chunkEnd()))).toList(), null);

            // Execute
            GcReport between = gc.gc(GRACE);
            List<FileRecord> added = server.putShard(ShardFormat.write(List.of(file), List.of(), false), Long.MAX_VALUE);

            // Assert
            assertThat(between.xorbsDeleted()).isZero();
            assertThat(added).containsExactly(r);
            assertThat(ChunkStoreContract.readAll(server.read(r.hash()))).isEqualTo(data);
            assertThat(gc.fsck().ok()).isTrue();
        }
    }
}
