package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.hub.repos.ReposContract.commit;
import static org.chorus.hub.repos.ReposContract.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Once a commit's ref has moved the commit is answered as landed, and the upkeep after it is neither fatal nor lost. */
abstract class LandedCommitsContract {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path dir;
    Database db;
    Principal alice;
    GitStore store;
    LargeFileStore largeFiles;
    final RepoId model = RepoId.of(RepoType.MODEL, "alice", "tiny");

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        Accounts accounts = Accounts.create(db, clock);
        Principal admin = ReposContract.bootstrapAdmin(accounts);
        accounts.createUser(admin, "alice", null, null, false);
        alice = accounts.authenticate(accounts.createToken(admin, "alice", "t", Role.WRITE).secret());
        largeFiles = LargeFileStore.directory(dir.resolve("lfs"));
        store = GitStore.create(db, dir.resolve("git"), clock);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aCommitWhoseCompactionFailsIsAnsweredAndItsCardRefreshed() {
        AtomicInteger failures = new AtomicInteger();
        Repos repos = Repos.create(db, new FailingCompaction(store, failures), largeFiles, clock);
        repos.create(alice, model, false);
        failures.set(1);

        String landed = repos.commit(alice, model, commit(null, file("README.md", "---\ntags: [landed]\n---\n")));

        Repo row = repos.get(Optional.empty(), model);
        assertThat(failures).hasValue(0);
        assertThat(row.sha()).isEqualTo(landed);
        assertThat(row.tags()).contains("landed");
    }

    @Test
    void filesVanishingWhileCompactionSweepsAreNoError() throws Exception {
        Repos repos = Repos.create(db, store, largeFiles, clock);
        Repo repo = repos.create(alice, model, false);
        Path packs = dir.resolve("git").resolve(repo.id());
        // listed by the sweep, gone when it looks closer: what another writer's renamed temp file is
        Files.createSymbolicLink(packs.resolve(".tmp-renamed-meanwhile.idx"), packs.resolve("nowhere"));

        for (int i = 0; i < 20; i++) {
            repos.commit(alice, model, commit(null, file("f" + i, "x")));
        }

        long packRows = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_packs WHERE repo_id = :r").bind("r", repo.id())
                .mapTo(Long.class).one());
        assertThat(packRows).as("compacted as usual").isLessThanOrEqualTo(9);
    }

    @Test
    void aCardRefreshThatReadAnOlderHeadLeavesTheNewerOne() throws IOException {
        Repos repos = Repos.create(db, store, largeFiles, clock);
        Repo repo = repos.create(alice, model, false);
        try (Repository old = store.open(repo.id())) {
            old.getRefDatabase().getRefs();
            String newer = repos.commit(alice, model, commit(null, file("README.md", "---\ntags: [newer]\n---\n")));

            new CardIndex(db, clock).refresh(repo, old);

            Repo row = repos.get(Optional.empty(), model);
            assertThat(row.sha()).isEqualTo(newer);
            assertThat(row.tags()).contains("newer");
        }
    }

    /** A {@link GitStore} whose compaction throws while {@code failures} is above zero. */
    record FailingCompaction(GitStore store, AtomicInteger failures) implements GitStore {
        @Override
        public Repository open(String repoId) {
            return store.open(repoId);
        }

        @Override
        public void compactIfNeeded(Repository repo) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new UncheckedIOException(new IOException("the disk went away"));
            }
            store.compactIfNeeded(repo);
        }

        @Override
        public void deleteFiles(String repoId) {
            store.deleteFiles(repoId);
        }
    }
}
