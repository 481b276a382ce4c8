package org.chorus.hub.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.chorus.core.db.Database;
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

    private final Database db;
    private final Path directory;
    private final Clock clock;
    private final Set<String> compacting = ConcurrentHashMap.newKeySet();

    DfsGitStore(Database db, Path directory, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.clock = clock;
    }

    @Override
    public Repository open(String repoId) {
        return new SqlDfsRepository.Builder(db, directory.resolve(repoId), clock)
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
     * Deletes pack files no row names any more (replaced by compaction, or left by a failed write) once they
     * are older than {@link #GRACE}, so a reader that listed them just before can still finish. Other writers
     * create, rename and delete files in the directory meanwhile: a file gone by the time it is looked at is
     * simply not there to sweep.
     */
    private void sweep(String repoId) throws IOException {
        Set<String> live = new HashSet<>(db.withHandle(h -> h.createQuery("SELECT name FROM hub_packs WHERE repo_id = :r")
                .bind("r", repoId).mapTo(String.class).list()));
        long cutoff = clock.millis() - GRACE.toMillis();
        try (Stream<Path> files = Files.list(directory.resolve(repoId))) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String pack = name.startsWith(".") ? "" : name.substring(0, name.indexOf('.') < 0 ? name.length() : name.indexOf('.'));
                if (!live.contains(pack) && modifiedBefore(f, cutoff)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static boolean modifiedBefore(Path file, long cutoffMillis) throws IOException {
        try {
            return Files.getLastModifiedTime(file).toMillis() < cutoffMillis;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void deleteFiles(String repoId) {
        Path dir = directory.resolve(repoId);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
