package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.chorus.hub.repos.ReposContract.commit;
import static org.chorus.hub.repos.ReposContract.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit whose branch moves between reading the head and swapping the ref, as when another node or a git
 * push lands in between: two {@link Repos} over one database and one pack directory are two nodes, and the
 * node under test reads its refs before the other node's commit lands (see {@link StaleOnce}).
 */
abstract class CommitRetryContract {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path dir;
    Database db;
    Principal alice;
    GitStore store;
    StaleOnce stale;
    Repos here;
    Repos other;
    Repo repo;
    final RepoId model = RepoId.of(RepoType.MODEL, "alice", "tiny");

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        Accounts accounts = Accounts.create(db, clock);
        Principal admin = ReposContract.bootstrapAdmin(accounts);
        accounts.createUser(admin, "alice", null, null, false);
        alice = accounts.authenticate(accounts.createToken(admin, "alice", "t", Role.WRITE).secret());
        LargeFileStore largeFiles = LargeFileStore.directory(dir.resolve("lfs"));
        store = GitStore.create(db, dir.resolve("git"), clock);
        stale = new StaleOnce(store);
        here = Repos.create(db, stale, largeFiles, clock);
        other = Repos.create(db, store, largeFiles, clock);
        repo = here.create(alice, model, false);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    /** The next view {@code here} opens has read its refs before {@code racer} commits on the other node. */
    void raceNextCommitWith(CommitRequest racer) {
        raceViewWith(1, racer);
    }

    /** Like {@link #raceNextCommitWith}, for the {@code n}th view {@code here} opens from now. */
    void raceViewWith(int n, CommitRequest racer) {
        stale.opensToSkip.set(n - 1);
        stale.before.set(() -> other.commit(alice, model, racer));
    }

    List<RevCommit> history() throws Exception {
        try (Repository r = store.open(repo.id()); RevWalk walk = new RevWalk(r)) {
            walk.markStart(walk.parseCommit(r.exactRef(Constants.R_HEADS + "main").getObjectId()));
            List<RevCommit> commits = new ArrayList<>();
            walk.forEach(commits::add);
            return commits;
        }
    }

    String read(String path) throws Exception {
        FileEntry f = here.file(repo, "main", path);
        try (var in = here.open(repo, f, 0, f.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCommitWithoutParentIsRebuiltOnTheHeadThatMovedUnderIt() throws Exception {
        raceNextCommitWith(commit(null, file("theirs.txt", "theirs"), file("both.txt", "theirs")));

        String mine = here.commit(alice, model, commit(null, file("mine.txt", "mine"), file("both.txt", "mine")));

        List<RevCommit> history = history();
        assertThat(history).hasSize(3);
        assertThat(history.getFirst().name()).isEqualTo(mine);
        assertThat(history).allSatisfy(c -> assertThat(c.getParentCount()).isLessThanOrEqualTo(1));
        assertThat(read("theirs.txt")).isEqualTo("theirs");
        assertThat(read("mine.txt")).isEqualTo("mine");
        assertThat(read("both.txt")).as("the later writer wins").isEqualTo("mine");
        assertThat(here.get(Optional.empty(), model).sha()).isEqualTo(mine);
    }

    @Test
    void aCommitNamingItsParentIsRefusedWhenTheBranchMovesAsBefore() throws Exception {
        // the parent is checked once on arrival and again under the branch lock; the ref swap checks it last
        raceViewWith(1, commit(null, file("theirs1.txt", "theirs")));
        assertThatThrownBy(() -> here.commit(alice, model, commit(repo.sha(), file("mine.txt", "mine"))))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("is not the head of 'main'");
        String head = here.resolve(repo, "main");
        raceViewWith(2, commit(null, file("theirs2.txt", "theirs")));

        assertThatThrownBy(() -> here.commit(alice, model, commit(head, file("mine.txt", "mine"))))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("'main' moved while this change was being made");

        assertThat(history()).hasSize(3);
        assertThat(here.tree(repo, "main", "", false, false)).extracting(TreeEntry::path).doesNotContain("mine.txt");
    }

    @Test
    void aRebuiltCommitThatNoLongerAppliesIsAConflict() throws Exception {
        String base = here.commit(alice, model, commit(null, file("x.txt", "x")));
        raceNextCommitWith(commit(null, new CommitOp.DeleteFile("x.txt")));
        assertThatThrownBy(() -> here.commit(alice, model, commit(null, new CommitOp.DeleteFile("x.txt"))))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("does not apply to the new head").hasMessageContaining("x.txt");
        String moved = here.resolve(repo, "main");
        raceNextCommitWith(commit(null, file("g", "now a file")));

        assertThatThrownBy(() -> here.commit(alice, model, commit(null, file("g/x", "in a folder"))))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("'g' is a file");

        List<RevCommit> history = history();
        assertThat(history).hasSize(4);
        assertThat(history.get(1).name()).isEqualTo(moved);
        assertThat(history.get(2).name()).isEqualTo(base);
    }

    @Test
    void burstsOfCommitsWithoutParentFromTwoNodesAllLandOnceInALinearHistory() throws Exception {
        // uploaders finishing at once on both nodes, a few times over; a node whose commit loses the swap
        // retries while the other node's queue drains (a sustained stream from both nodes is not this case)
        int writersPerNode = 3;
        int bursts = 5;
        CyclicBarrier together = new CyclicBarrier(2 * writersPerNode);
        List<Future<List<String>>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2 * writersPerNode)) {
            for (int w = 0; w < 2 * writersPerNode; w++) {
                Repos node = w % 2 == 0 ? here : other;
                String prefix = "w" + w + "/";
                writers.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    for (int i = 0; i < bursts; i++) {
                        together.await();
                        mine.add(node.commit(alice, model, commit(null, file(prefix + i, prefix + i))));
                    }
                    return mine;
                }));
            }
        }
        Set<String> landed = new HashSet<>();
        for (Future<List<String>> w : writers) {
            landed.addAll(w.get());
        }

        List<RevCommit> history = history();
        assertThat(landed).hasSize(2 * writersPerNode * bursts);
        assertThat(history).hasSize(1 + landed.size());
        assertThat(history).allSatisfy(c -> assertThat(c.getParentCount()).isLessThanOrEqualTo(1));
        assertThat(history.stream().map(RevCommit::name).toList()).containsAll(landed);
        assertThat(here.tree(repo, "main", "", true, false)).filteredOn(e -> e.path().matches("w\\d/\\d+")).hasSize(landed.size());
        assertThat(here.get(Optional.empty(), model).sha()).isEqualTo(history.getFirst().name());
    }

    /** A {@link GitStore} whose next view reads its refs, then lets a racing commit land, then is handed out. */
    static final class StaleOnce implements GitStore {
        final AtomicReference<Runnable> before = new AtomicReference<>();
        final AtomicInteger opensToSkip = new AtomicInteger();
        private final GitStore store;

        StaleOnce(GitStore store) {
            this.store = store;
        }

        @Override
        public Repository open(String repoId) {
            Repository view = store.open(repoId);
            Runnable racer = opensToSkip.getAndDecrement() > 0 ? null : before.getAndSet(null);
            if (racer != null) {
                try {
                    view.getRefDatabase().getRefs();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                racer.run();
            }
            return view;
        }

        @Override
        public void compactIfNeeded(Repository repo) {
            store.compactIfNeeded(repo);
        }

        @Override
        public void deleteFiles(String repoId) {
            store.deleteFiles(repoId);
        }
    }
}
