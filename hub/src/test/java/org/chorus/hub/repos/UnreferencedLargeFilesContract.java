package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.chorus.core.ChorusException;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.GcReport;
import org.chorus.storage.StorageConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large files no repository records (those of deleted repositories) are forgotten once unused for the grace period,
 * and gc then removes their chunks; files a repository records, or that an upload used within the grace period, stay.
 */
abstract class UnreferencedLargeFilesContract {
    static final Duration GRACE = Duration.ofHours(24);
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path dir;
    Database db;
    ChunkStore chunks;
    LargeFileStore largeFiles;
    Repos repos;
    Principal admin;

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        admin = ReposContract.bootstrapAdmin(Accounts.create(db, clock));
        chunks = ChunkStore.open(StorageConfig.parse(dir.resolve("chunks").toString()));
        largeFiles = LargeFileStore.chunked(chunks, db, clock);
        repos = Repos.create(db, GitStore.create(db, dir.resolve("git"), clock), largeFiles, clock);
    }

    @AfterEach
    void tearDown() {
        if (chunks != null) {
            chunks.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private Repo repo(String name) {
        return repos.create(admin, RepoId.of(RepoType.MODEL, "admin", name), false);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Uploads the bytes as a client does: stored first, then recorded for the repository (if any). */
    private String upload(Repo repo, byte[] bytes) throws Exception {
        String oid = ReposContract.sha256(bytes);
        largeFiles.put(oid, bytes.length, new ByteArrayInputStream(bytes));
        if (repo != null) {
            repos.recordLargeFile(repo, oid, bytes.length);
        }
        return oid;
    }

    private LargeFileStore.Forgotten forget() {
        return LargeFileStore.forgetUnreferenced(db, clock.instant().minus(GRACE));
    }

    private long storedBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("chunks"))) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains(".cache")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private byte[] read(String oid, long size) throws IOException {
        try (InputStream in = largeFiles.open(oid, 0, size)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aDeletedRepositorysLargeFileIsForgottenAndGcFreesItsChunks() throws Exception {
        Repo repo = repo("doomed");
        byte[] weights = random(3 << 20, 1);
        String oid = upload(repo, weights);
        clock.advance(GRACE.multipliedBy(2));
        assertThat(forget()).as("recorded by a live repository").isEqualTo(new LargeFileStore.Forgotten(0, 0));

        repos.delete(admin, repo.repoId());
        long before = storedBytes();
        LargeFileStore.Forgotten forgotten = forget();
        GcReport gc = chunks.gc(Duration.ZERO);

        assertThat(forgotten).isEqualTo(new LargeFileStore.Forgotten(1, weights.length));
        assertThat(largeFiles.size(oid)).isEmpty();
        assertThat(gc.filesDeleted()).isEqualTo(1);
        assertThat(gc.xorbsDeleted()).isPositive();
        assertThat(before - storedBytes()).as("bytes freed on disk").isGreaterThanOrEqualTo(weights.length);
        assertThat(forget()).as("nothing left to forget").isEqualTo(new LargeFileStore.Forgotten(0, 0));
    }

    @Test
    void aFileAnotherRepositoryRecordsOutlivesTheDeletedOne() throws Exception {
        Repo first = repo("first");
        Repo second = repo("second");
        byte[] weights = random(1 << 20, 2);
        String oid = upload(first, weights);
        repos.recordLargeFile(second, oid, weights.length);
        clock.advance(GRACE.multipliedBy(2));

        repos.delete(admin, first.repoId());
        LargeFileStore.Forgotten forgotten = forget();
        chunks.gc(Duration.ZERO);

        assertThat(forgotten.files()).isZero();
        assertThat(repos.hasLargeFile(second, oid, weights.length)).isTrue();
        assertThat(read(oid, weights.length)).isEqualTo(weights);
    }

    @Test
    void anUploadNotYetRecordedByItsRepositoryIsKeptForTheGracePeriod() throws Exception {
        String oid = upload(null, random(200_000, 3));
        clock.advance(GRACE.minusMinutes(1));
        assertThat(forget().files()).as("stored within the grace period").isZero();

        clock.advance(Duration.ofMinutes(2));
        assertThat(forget().files()).isEqualTo(1);
        assertThat(largeFiles.size(oid)).isEmpty();
    }

    @Test
    void aForgottenFileCannotBeRecordedUntilItIsUploadedAgain() throws Exception {
        Repo repo = repo("late");
        byte[] weights = random(200_000, 4);
        String oid = upload(null, weights);
        clock.advance(GRACE.multipliedBy(2));
        assertThat(forget().files()).isEqualTo(1);

        assertThatThrownBy(() -> repos.recordLargeFile(repo, oid, weights.length)).isInstanceOf(ChorusException.class)
                .hasMessageContaining("is not stored");
        assertThat(repos.hasLargeFile(repo, oid, weights.length)).isFalse();

        upload(repo, weights);
        clock.advance(GRACE.multipliedBy(2));
        assertThat(forget().files()).isZero();
        assertThat(read(oid, weights.length)).isEqualTo(weights);
    }

    @Test
    void recordingRefreshesTheMarkSoAFileOfAnOldUploadSurvivesUntilItsRepositoryGoes() throws Exception {
        byte[] weights = random(200_000, 5);
        String oid = upload(null, weights);
        clock.advance(GRACE.multipliedBy(2));
        Repo repo = repo("reuser");
        // the batch API found the bytes stored (uploaded two days ago) and records them without a new upload
        repos.recordLargeFile(repo, oid, weights.length);
        repos.delete(admin, repo.repoId());

        assertThat(forget().files()).as("used just now").isZero();
        clock.advance(GRACE.multipliedBy(2));
        assertThat(forget().files()).isEqualTo(1);
    }

    @Test
    void largeFilesDeletedFromALiveRepositoryReadAsPointersAndAreForgotten() throws Exception {
        Repo repo = repo("keeper");
        byte[] weights = random(300_000, 6);
        String committed = upload(repo, weights);
        repos.commit(admin, repo.repoId(), new CommitRequest("main", "weights", null, null,
                List.of(new CommitOp.AddLfsFile("model/weights.bin", committed, weights.length))));
        clock.advance(Duration.ofMinutes(1));
        String stray = upload(repo, random(100_000, 7)); // uploaded, never committed

        Page<LfsFile> listed = repos.lfsFiles(admin, repo.repoId(), 0, 10);
        List<String> deleted = repos.deleteLfsFiles(admin, repo.repoId(), List.of(stray, committed, "f".repeat(64)));
        clock.advance(GRACE.multipliedBy(2));
        LargeFileStore.Forgotten forgotten = forget();

        assertThat(listed.items()).extracting(LfsFile::oid, LfsFile::size, LfsFile::filename)
                .containsExactly(tuple(committed, (long) weights.length, "model/weights.bin"),
                        tuple(stray, 100_000L, ""));
        assertThat(listed.items().get(1).pushedAt()).isAfter(listed.items().get(0).pushedAt());
        assertThat(deleted).containsExactlyInAnyOrder(stray, committed);
        assertThat(repos.lfsFiles(admin, repo.repoId(), 0, 10).items()).isEmpty();
        FileEntry f = repos.file(reposGet(repo), "main", "model/weights.bin");
        try (InputStream in = repos.open(reposGet(repo), f, 0, f.size())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("version https://git-lfs")
                    .contains(committed);
        }
        assertThat(forgotten).isEqualTo(new LargeFileStore.Forgotten(2, weights.length + 100_000L));
        assertThatThrownBy(() -> repos.deleteLfsFiles(admin, repo.repoId(), List.of("not-a-sha"))).isInstanceOf(ChorusException.class)
                .hasMessageContaining("64 lower-case hex");
    }

    @Test
    void squashingThenRemovingWhatOnlyOldCommitsNamedFreesTheOldVersions() throws Exception {
        Repo repo = repo("versions");
        byte[] v1 = random(250_000, 8);
        byte[] v2 = random(250_000, 9);
        for (byte[] v : List.of(v1, v2)) {
            String oid = upload(repo, v);
            repos.commit(admin, repo.repoId(), new CommitRequest("main", "weights", null, null,
                    List.of(new CommitOp.AddLfsFile("weights.bin", oid, v.length))));
        }
        repos.superSquash(admin, repo.repoId(), "main", null);

        List<LfsFile> held = repos.lfsFiles(admin, repo.repoId(), 0, 10).items();
        List<String> unnamed = held.stream().filter(f -> f.filename().isEmpty()).map(LfsFile::oid).toList();
        repos.deleteLfsFiles(admin, repo.repoId(), unnamed);
        clock.advance(GRACE.multipliedBy(2));

        assertThat(held).hasSize(2);
        assertThat(unnamed).containsExactly(ReposContract.sha256(v1));
        assertThat(forget()).isEqualTo(new LargeFileStore.Forgotten(1, v1.length));
        FileEntry f = repos.file(reposGet(repo), "main", "weights.bin");
        try (InputStream in = repos.open(reposGet(repo), f, 0, f.size())) {
            assertThat(in.readAllBytes()).isEqualTo(v2);
        }
    }

    private Repo reposGet(Repo repo) {
        return repos.get(Optional.of(admin), repo.repoId());
    }

    @Test
    void gcRacingRecordsNeverLeavesARepositoryReferencingAForgottenFile() throws Exception {
        Repo repo = repo("racing");
        int n = 60;
        List<String> oids = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(random(2_000, 100 + i));
            oids.add(upload(null, files.get(i)));
        }
        clock.advance(GRACE.multipliedBy(2)); // every file is old: only a fresh mark or a record keeps it

        AtomicBoolean recording = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> forgetter = pool.submit(() -> {
                int forgotten = 0;
                while (recording.get()) {
                    forgotten += forget().files();
                }
                return forgotten;
            });
            List<Future<Integer>> recorders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int first = t;
                recorders.add(pool.submit(() -> {
                    int recorded = 0;
                    for (int i = first; i < n; i += 3) {
                        try {
                            repos.recordLargeFile(repo, oids.get(i), files.get(i).length);
                            recorded++;
                        } catch (ChorusException e) {
                            assertThat(e.getMessage()).contains("is not stored");
                        }
                    }
                    return recorded;
                }));
            }
            int recorded = 0;
            for (Future<Integer> r : recorders) {
                recorded += r.get();
            }
            recording.set(false);
            int forgotten = forgetter.get() + forget().files();

            assertThat(recorded + forgotten).as("each file either recorded or forgotten").isEqualTo(n);
            for (int i = 0; i < n; i++) {
                boolean held = repos.hasLargeFile(repo, oids.get(i), files.get(i).length);
                assertThat(largeFiles.size(oids.get(i)).isPresent()).as("file %d stored iff the repository holds it", i).isEqualTo(held);
            }
            long orphans = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_lfs_objects o"
                    + " WHERE NOT EXISTS (SELECT 1 FROM hub_large_files f WHERE f.oid = o.oid)").mapTo(Long.class).one());
            assertThat(orphans).as("recorded files whose mapping gc forgot").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
