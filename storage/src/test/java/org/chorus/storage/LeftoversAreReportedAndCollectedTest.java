package org.chorus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.chorus.xet.SplitMix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process killed mid-upload leaves in a directory store — xorbs whose file was never published, and the
 * partial file of a put in {@code .tmp/} — is counted by fsck (not a problem: the store is consistent) and removed
 * by gc once older than the grace period, while published files stay.
 */
class LeftoversAreReportedAndCollectedTest {
    @TempDir
    Path dir;

    @Test
    void fsckCountsOrphanedXorbsAndTemporariesAndGcRemovesThemAfterTheGracePeriod() throws Exception {
        // Prepare: one published file, one whose record never got written, one partial put.
        DirectoryObjectStore objects = new DirectoryObjectStore(dir);
        FileRecord kept;
        Set<XorbHash> orphaned = new HashSet<>();
        long orphanedBytes = 0;
        try (DefaultChunkStore store = new DefaultChunkStore(objects, ChunkStoreContract.SMALL)) {
            kept = store.ingest(new ByteArrayInputStream(SplitMix.randomData(20_000, 1)));
            FileRecord lost = store.ingest(new ByteArrayInputStream(SplitMix.randomData(20_000, 2)));
            objects.delete(DefaultChunkStore.fileName(lost.hash()));
            lost.terms().forEach(t -> orphaned.add(t.xorb()));
            kept.terms().forEach(t -> orphaned.remove(t.xorb()));
            for (XorbHash x : orphaned) {
                orphanedBytes += objects.stat(DefaultChunkStore.xorbName(x)).orElseThrow().size();
            }
        }
        Files.write(dir.resolve(".tmp/0f1e2d3c-killed.part"), new byte[54_321]);

        try (DefaultChunkStore store = new DefaultChunkStore(new DirectoryObjectStore(dir), ChunkStoreContract.SMALL)) {
            store.addRoots(sink -> sink.accept(kept.hash()));

            // Execute
            FsckReport before = store.fsck();
            GcReport young = store.gc(Duration.ofHours(1));
            GcReport old = store.gc(Duration.ofMillis(-1000));
            FsckReport after = store.fsck();

            // Assert
            assertThat(orphaned).isNotEmpty();
            assertThat(before.ok()).isTrue();
            assertThat(before.leftovers()).isEqualTo(new FsckReport.Leftovers(orphaned.size(), orphanedBytes, 1, 54_321));
            assertThat(before.toString()).contains(orphaned.size() + " xorbs no file uses", "1 temporary files", "54321 bytes",
                    "removed by 'chorus storage gc'");
            assertThat(young.xorbsDeleted()).isZero();
            assertThat(young.temporariesDeleted()).isZero();
            assertThat(old.xorbsDeleted()).isEqualTo(orphaned.size());
            assertThat(old.temporariesDeleted()).isEqualTo(1);
            assertThat(after.leftovers().none()).isTrue();
            assertThat(after.toString()).endsWith(": OK");
            assertThat(Files.exists(dir.resolve(".tmp/0f1e2d3c-killed.part"))).isFalse();
            assertThat(ChunkStoreContract.readAll(store.read(kept.hash()))).isEqualTo(SplitMix.randomData(20_000, 1));
        }
    }
}
