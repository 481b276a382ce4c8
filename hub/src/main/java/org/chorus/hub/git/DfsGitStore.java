package org.chorus.hub.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.chorus.core.db.Database;
import org.chorus.storage.BlobStore;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCache;
import org.eclipse.jgit.internal.storage.dfs.DfsBlockCacheConfig;
import org.eclipse.jgit.internal.storage.dfs.DfsPackCompactor;
import org.eclipse.jgit.internal.storage.dfs.DfsPackFile;
import org.eclipse.jgit.internal.storage.dfs.DfsRepository;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.pack.PackExt;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.Repository;

final class DfsGitStore implements GitStore {
    static final int MAX_PACKS = 8;
    static final Duration GRACE = Duration.ofHours(1);
    private static final long SMALL_PACK_BYTES = 16L << 20;
    /**
     * The process's git block cache reads blocks of one ranged GET's window ({@link BlobReadableChannel#WINDOW}, JGit's
     * default is 64 KiB): JGit opens a channel per block it loads, so with 64 KiB blocks each miss on a pack in S3 — one
     * another node wrote, or a compaction's output, which JGit does not cache as it writes — fetched a 1 MiB window and
     * kept 64 KiB of it (a pack read through 16 times over). Same 32 MiB of memory as JGit's default.
     */
    static final int CACHE_BLOCK = BlobReadableChannel.WINDOW;

    static {
        DfsBlockCache.reconfigure(new DfsBlockCacheConfig().setBlockSize(CACHE_BLOCK).setBlockLimit(32L << 20));
    }

    private final Database db;
    private final BlobStore blobs;
    private final Path scratch;
    private final Clock clock;
    private final Set<String> compacting = ConcurrentHashMap.newKeySet();

    DfsGitStore(Database db, BlobStore blobs, Path scratch, Clock clock) {
        this.db = db;
        this.blobs = blobs;
        this.scratch = scratch;
        this.clock = clock;
        dropStaleScratch();
    }

    /** Scratch files of writes a crash cut short: nothing references them, and after {@link #GRACE} no writer does. */
    private void dropStaleScratch() {
        if (!java.nio.file.Files.isDirectory(scratch)) {
            return;
        }
        long cutoff = clock.millis() - GRACE.toMillis();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(scratch)) {
            for (Path f : files.toList()) {
                try {
                    if (java.nio.file.Files.getLastModifiedTime(f).toMillis() < cutoff) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // another node's or process's cleanup got there first
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Repository open(String repoId) {
        return new SqlDfsRepository.Builder(db, blobs, scratch, clock)
                .setRepositoryDescription(new DfsRepositoryDescription(repoId)).build();
    }

    @Override
    public void compactIfNeeded(Repository repo) {
        if (!(repo instanceof DfsRepository dfs)) {
            return;
        }
        String repoId = dfs.getDescription().getRepositoryName();
        // one compaction per repository at a time on this node: parallel committers would otherwise each copy
        // the same packs; packs added meanwhile are folded by the next commit
        if (!compacting.add(repoId)) {
            return;
        }
        try {
            DfsPackFile[] packs = dfs.getObjectDatabase().getPacks();
            if (packs.length <= MAX_PACKS) {
                return;
            }
            DfsPackCompactor compactor = new DfsPackCompactor(dfs);
            int added = 0;
            for (DfsPackFile pack : packs) {
                if (pack.getPackDescription().getFileSize(PackExt.PACK) < SMALL_PACK_BYTES) {
                    compactor.add(pack);
                    added++;
                }
            }
            if (added > 1) {
                compactor.compact(NullProgressMonitor.INSTANCE);
                sweep(repoId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            compacting.remove(repoId);
        }
    }

    /**
     * Deletes pack blobs no row names any more (replaced by compaction, or left by a failed write) once they are
     * older than {@link #GRACE}, so a reader that listed them just before can still finish. Other writers create and
     * delete blobs meanwhile: one gone by the time it is deleted is simply not there to sweep.
     */
    private void sweep(String repoId) {
        Set<String> live = new HashSet<>(db.withHandle(h -> h.createQuery("SELECT name FROM hub_packs WHERE repo_id = :r")
                .bind("r", repoId).mapTo(String.class).list()));
        Instant cutoff = clock.instant().minus(GRACE);
        for (BlobStore.Info blob : blobs.list(repoId + "/")) {
            String file = blob.name().substring(repoId.length() + 1);
            String pack = file.indexOf('.') < 0 ? file : file.substring(0, file.indexOf('.'));
            if (!live.contains(pack) && blob.lastModified().isBefore(cutoff)) {
                blobs.delete(blob.name());
            }
        }
    }

    @Override
    public void deleteFiles(String repoId) {
        for (BlobStore.Info blob : blobs.list(repoId + "/")) {
            blobs.delete(blob.name());
        }
    }
}
