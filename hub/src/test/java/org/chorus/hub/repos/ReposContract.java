package org.chorus.hub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Accounts;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories behave the same on every SQL engine; subclasses supply the engine. */
abstract class ReposContract {
    static final String BOOT = "hf_bootstrapSecretForTests0123";

    /** The site admin of a fresh database, signed in by the bootstrap token. */
    static Principal bootstrapAdmin(Accounts accounts) {
        accounts.bootstrap(BOOT);
        return accounts.authenticate(BOOT);
    }
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    @TempDir
    Path dir;
    Database db;
    Accounts accounts;
    Repos repos;
    LargeFileStore largeFiles;
    Principal admin;
    Principal alice;
    final RepoId model = RepoId.of(RepoType.MODEL, "alice", "tiny");

    abstract Database newDatabase(Path dir);

    @BeforeEach
    void setUp() {
        db = newDatabase(dir);
        accounts = Accounts.create(db, clock);
        admin = bootstrapAdmin(accounts);
        alice = user("alice", Role.WRITE);
        largeFiles = LargeFileStore.directory(dir.resolve("lfs"));
        repos = Repos.create(db, GitStore.create(db, dir.resolve("git"), clock), largeFiles, clock);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    Principal user(String name, Role tokenRole) {
        accounts.createUser(admin, name, null, null, false);
        return accounts.authenticate(accounts.createToken(admin, name, "t", tokenRole).secret());
    }

    static void assertCode(ErrorCode code, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }

    static CommitRequest commit(String parent, CommitOp... ops) {
        return new CommitRequest("main", "change", null, parent, List.of(ops));
    }

    static CommitOp.AddFile file(String path, String content) {
        return new CommitOp.AddFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    String read(Repo repo, String rev, String path) throws IOException {
        FileEntry f = repos.file(repo, rev, path);
        try (InputStream in = repos.open(repo, f, 0, f.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void superSquashingLeavesOneCommitWithTheSameFilesAndMovesTheHead() throws Exception {
        Repo repo = repos.create(alice, model, false);
        repos.commit(alice, model, commit(null, file("a.txt", "one")));
        repos.commit(alice, model, commit(null, file("a.txt", "two"), file("b.txt", "bee")));
        String before = repos.commits(repos.get(Optional.of(alice), model), "main", 0, 10).items().getFirst().id();

        String squashed = repos.superSquash(alice, model, "main", "Start over");
        Repo after = repos.get(Optional.of(alice), model);
        Page<CommitInfo> history = repos.commits(after, "main", 0, 10);

        assertThat(squashed).isNotEqualTo(before);
        assertThat(history.items()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(squashed);
            assertThat(c.title()).isEqualTo("Start over");
        });
        assertThat(after.sha()).isEqualTo(squashed);
        assertThat(read(after, "main", "a.txt")).isEqualTo("two");
        assertThat(read(after, "main", "b.txt")).isEqualTo("bee");
        assertCode(ErrorCode.REVISION_NOT_FOUND, () -> repos.superSquash(alice, model, "nope", null));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.superSquash(user("mallory", Role.WRITE), model, "main", null));
        assertThat(repo.id()).isEqualTo(after.id());
    }

    @Test
    void movingARepositoryKeepsItsHistoryUnderTheNewNameOnly() throws Exception {
        Repo repo = repos.create(alice, model, false);
        String head = repos.commit(alice, model, commit(null, file("a.txt", "one")));
        accounts.createOrg(admin, "lab", "Lab");
        accounts.setMembership(admin, "lab", "alice", Role.WRITE);
        RepoId moved = RepoId.of(RepoType.MODEL, "lab", "renamed");

        Repo after = repos.move(alice, model, moved);

        assertThat(after.id()).isEqualTo(repo.id());
        assertThat(after.fullName()).isEqualTo("lab/renamed");
        assertThat(read(after, "main", "a.txt")).isEqualTo("one");
        assertThat(repos.resolve(after, "main")).isEqualTo(head);
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> repos.get(Optional.of(alice), model));
    }

    @Test
    void oldNamesLeadToTheMovedRepositoryForThoseWhoMayReadItUntilANewRepositoryTakesTheName() {
        Repo repo = repos.create(alice, model, true);
        Principal stranger = user("stranger", Role.WRITE);
        RepoId second = RepoId.of(RepoType.MODEL, "alice", "second");
        RepoId third = RepoId.of(RepoType.MODEL, "alice", "third");
        repos.move(alice, model, second);
        repos.move(alice, second, third);

        assertThat(repos.movedTo(Optional.of(alice), model)).contains(third);
        assertThat(repos.movedTo(Optional.of(alice), second)).contains(third);
        assertThat(repos.movedTo(Optional.of(stranger), model)).isEmpty();
        assertThat(repos.movedTo(Optional.empty(), model)).isEmpty();
        assertThat(repos.movedTo(Optional.of(alice), third)).isEmpty();

        repos.setPrivate(alice, third, false);
        assertThat(repos.movedTo(Optional.empty(), model)).contains(third);
        Repo reused = repos.create(alice, model, false);
        assertThat(repos.get(Optional.empty(), model).id()).isEqualTo(reused.id()).isNotEqualTo(repo.id());
        assertThat(repos.movedTo(Optional.empty(), model)).isEmpty();
        repos.move(alice, third, second);
        assertThat(repos.movedTo(Optional.empty(), third)).contains(second);
        assertThat(repos.movedTo(Optional.empty(), second)).isEmpty();

        repos.delete(alice, second);
        assertThat(repos.movedTo(Optional.of(admin), third)).isEmpty();
        long redirects = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_repo_redirects").mapTo(Long.class).one());
        assertThat(redirects).isZero();
    }

    @Test
    void movingNeedsAdminOnTheRepositoryAndWriteOnTheDestination() {
        repos.create(alice, model, false);
        Principal bob = user("bob", Role.WRITE);
        repos.create(bob, RepoId.of(RepoType.MODEL, "bob", "taken"), false);
        accounts.createOrg(admin, "lab", "Lab");
        accounts.setMembership(admin, "lab", "bob", Role.WRITE);
        accounts.setMembership(admin, "lab", "alice", Role.READ);
        RepoId labRepo = RepoId.of(RepoType.MODEL, "lab", "shared");
        repos.create(bob, labRepo, false);

        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.move(bob, model, RepoId.of(RepoType.MODEL, "bob", "mine")));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.move(alice, model, RepoId.of(RepoType.MODEL, "lab", "x")));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.move(bob, labRepo, RepoId.of(RepoType.MODEL, "bob", "shared")));
        assertCode(ErrorCode.ALREADY_EXISTS, () -> repos.move(admin, model, RepoId.of(RepoType.MODEL, "bob", "taken")));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.move(alice, model, RepoId.of(RepoType.DATASET, "alice", "tiny2")));
        assertCode(ErrorCode.NOT_FOUND, () -> repos.move(alice, model, RepoId.of(RepoType.MODEL, "nobody", "x")));
        assertThat(repos.move(alice, model, RepoId.of(RepoType.MODEL, "alice", "TINY")).fullName()).isEqualTo("alice/TINY");
    }

    @Test
    void createdRepositoryHasAnInitialCommitWithGitattributes() {
        Repo repo = repos.create(alice, model, false);

        assertThat(repo.sha()).matches("[0-9a-f]{40}");
        assertThat(repos.tree(repo, "main", "", false, false)).extracting(TreeEntry::path).containsExactly(".gitattributes");
        assertThat(repos.commits(repo, "main", 0, 10).total()).isEqualTo(1);
    }

    @Test
    void commitsAreReadableAtEveryRevision() throws Exception {
        Repo repo = repos.create(alice, model, false);
        String first = repos.commit(alice, model, commit(null, file("a.txt", "one"), file("dir/b.txt", "bee")));

        String second = repos.commit(alice, model, commit(first, file("a.txt", "two"), new CommitOp.DeleteFile("dir/b.txt")));

        assertThat(read(repo, "main", "a.txt")).isEqualTo("two");
        assertThat(read(repo, first, "a.txt")).isEqualTo("one");
        assertThat(read(repo, first, "dir/b.txt")).isEqualTo("bee");
        assertCode(ErrorCode.ENTRY_NOT_FOUND, () -> repos.file(repo, second, "dir/b.txt"));
        assertThat(repos.tree(repo, first, "", true, true)).extracting(TreeEntry::path)
                .containsExactly(".gitattributes", "a.txt", "dir", "dir/b.txt");
        assertThat(repos.get(Optional.empty(), model).sha()).isEqualTo(second);
        assertThat(repos.commits(repo, "main", 0, 1).items().getFirst().id()).isEqualTo(second);
    }

    @Test
    void eachEntryShowsTheLastCommitThatChangedIt() {
        Repo repo = repos.create(alice, model, false);
        String c1 = repos.commit(alice, model, commit(null, file("a.txt", "a"), file("d/x.txt", "x"), file("d/y.txt", "y")));
        String c2 = repos.commit(alice, model, commit(null, file("b.txt", "b")));
        String c3 = repos.commit(alice, model, commit(null, file("d/x.txt", "x2")));

        var last = repos.tree(repo, "main", "", true, true).stream()
                .collect(java.util.stream.Collectors.toMap(TreeEntry::path, e -> e.lastCommit().id()));
        var info = repos.pathsInfo(repo, c2, List.of("d", "a.txt"), true);

        assertThat(last).containsEntry("a.txt", c1).containsEntry("b.txt", c2).containsEntry("d", c3)
                .containsEntry("d/x.txt", c3).containsEntry("d/y.txt", c1).containsEntry(".gitattributes", repo.sha());
        assertThat(info).extracting(e -> e.lastCommit().id()).containsExactly(c1, c1);
    }

    @Test
    void staleParentCommitIsRefusedAndChangesNothing() throws Exception {
        Repo repo = repos.create(alice, model, false);
        String base = repo.sha();
        String moved = repos.commit(alice, model, commit(base, file("a.txt", "mine")));

        assertCode(ErrorCode.CONFLICT, () -> repos.commit(alice, model, commit(base, file("a.txt", "theirs"))));

        assertThat(repos.resolve(repo, "main")).isEqualTo(moved);
        assertThat(read(repo, "main", "a.txt")).isEqualTo("mine");
    }

    @Test
    void concurrentCommitsOnOneBranchNeverLoseOneSilently() throws Exception {
        Repo repo = repos.create(alice, model, false);
        String base = repo.sha();
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<String>> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            tasks.add(() -> repos.commit(alice, model, commit(base, file("f" + n, "x"))));
        }
        int ok = 0;
        for (Future<String> f : pool.invokeAll(tasks)) {
            try {
                f.get();
                ok++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ChorusException.class, c -> assertThat(c.code()).isEqualTo(ErrorCode.CONFLICT));
            }
        }
        pool.shutdown();

        assertThat(ok).isEqualTo(1);
        assertThat(repos.commits(repo, "main", 0, 10).total()).isEqualTo(2);
    }

    @Test
    void largeFilesMustBeUploadedWithTheRightSizeBeforeACommitNamesThem() throws Exception {
        Repo repo = repos.create(alice, model, false);
        byte[] big = "large-file-bytes".repeat(100).getBytes(StandardCharsets.UTF_8);
        String oid = sha256(big);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, new CommitOp.AddLfsFile("w.bin", oid, big.length))));
        largeFiles.put(oid, big.length, new ByteArrayInputStream(big));
        repos.recordLargeFile(repo, oid, big.length);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, new CommitOp.AddLfsFile("w.bin", oid, big.length + 1))));
        repos.commit(alice, model, commit(null, new CommitOp.AddLfsFile("w.bin", oid, big.length)));

        FileEntry f = repos.file(repo, "main", "w.bin");
        assertThat(f.lfs().oid()).isEqualTo(oid);
        assertThat(f.size()).isEqualTo(big.length);
        try (InputStream in = repos.open(repo, f, 5, 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, 5, 15));
        }
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> largeFiles.put(oid.replace('a', 'b'), big.length, new ByteArrayInputStream(big)));
    }

    /** A private repository of alice's holding one uploaded large file; returns its pointer. */
    LfsPointer privateLargeFile(RepoId id, byte[] bytes) throws Exception {
        Repo secret = repos.create(alice, id, true);
        LfsPointer pointer = new LfsPointer(sha256(bytes), bytes.length);
        largeFiles.put(pointer.oid(), pointer.size(), new ByteArrayInputStream(bytes));
        repos.recordLargeFile(secret, pointer.oid(), pointer.size());
        repos.commit(alice, id, commit(null, new CommitOp.AddLfsFile("weights.bin", pointer.oid(), pointer.size())));
        return pointer;
    }

    @Test
    void aRegularFileHoldingAPointerMayNameOnlyThisRepositorysLargeFiles() throws Exception {
        byte[] secretBytes = "private weights".repeat(100).getBytes(StandardCharsets.UTF_8);
        RepoId secretId = RepoId.of(RepoType.MODEL, "alice", "secret");
        LfsPointer stolen = privateLargeFile(secretId, secretBytes);
        Principal bob = user("bob", Role.WRITE);
        RepoId bobs = RepoId.of(RepoType.MODEL, "bob", "public");
        Repo bobRepo = repos.create(bob, bobs, false);
        CommitOp.AddFile asFile = new CommitOp.AddFile("stolen.bin", stolen.bytes());
        CommitOp.AddFile tracked = file(".gitattributes", "stolen.bin filter=lfs diff=lfs merge=lfs -text\n");
        String crlf = "version https://git-lfs.github.com/spec/v1\r\noid sha256:" + stolen.oid() + "\r\nsize " + stolen.size() + "\r\n";

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(bob, bobs, commit(null, asFile)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(bob, bobs, commit(null, tracked, asFile)));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(bob, bobs, commit(null, file("crlf.bin", crlf))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(bob, bobs, commit(null, new CommitOp.AddLfsFile("x.bin", stolen.oid(), stolen.size()))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(bob, bobs, commit(null, new CommitOp.AddLfsFile("x.bin", stolen.oid(), -1))));
        assertThat(repos.commits(bobRepo, "main", 0, 10).total()).isEqualTo(1);
        RepoId other = RepoId.of(RepoType.MODEL, "alice", "other");
        repos.create(alice, other, false);
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, other, commit(null, asFile)));

        // In the repository that holds the file, the same line is a pointer to it (as a pushed pointer would be).
        repos.commit(alice, secretId, commit(null, asFile));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, secretId,
                commit(null, new CommitOp.AddFile("resized.bin", new LfsPointer(stolen.oid(), stolen.size() + 1).bytes()))));
        Repo secret = repos.get(Optional.of(alice), secretId);
        assertThat(repos.file(secret, "main", "stolen.bin").lfs().oid()).isEqualTo(stolen.oid());
        assertThat(read(secret, "main", "stolen.bin")).isEqualTo(new String(secretBytes, StandardCharsets.UTF_8));
    }

    @Test
    void aPointerAlreadyInHistoryIsReadAsItsOwnTextUnlessThisRepositoryHoldsTheFile() throws Exception {
        byte[] secretBytes = "private weights".repeat(100).getBytes(StandardCharsets.UTF_8);
        LfsPointer stolen = privateLargeFile(RepoId.of(RepoType.MODEL, "alice", "secret"), secretBytes);
        Principal bob = user("bob", Role.WRITE);
        RepoId bobs = RepoId.of(RepoType.MODEL, "bob", "public");
        Repo bobRepo = repos.create(bob, bobs, false);
        // As a commit from before pointers were checked left it: written to git directly, past every check.
        try (Repository r = repos.openGit(bobRepo)) {
            ObjectId head = r.resolve("refs/heads/main");
            GitWrites.commit(r, "main", head, commit(null, new CommitOp.AddFile("dir/stolen.bin", stolen.bytes())),
                    new PersonIdent("old", "old@example.com"));
        }
        repos.createTag(bob, bobs, "v1", "main", null);
        String text = new String(stolen.bytes(), StandardCharsets.UTF_8);

        for (String rev : List.of("main", "v1")) {
            FileEntry f = repos.file(bobRepo, rev, "dir/stolen.bin");
            assertThat(f.lfs()).isNull();
            assertThat(f.size()).isEqualTo(stolen.bytes().length);
            assertThat(read(bobRepo, rev, "dir/stolen.bin")).isEqualTo(text);
        }
        assertThat(repos.tree(bobRepo, "main", "dir", false, true)).singleElement()
                .satisfies(e -> assertThat(e.lfs()).isNull()).satisfies(e -> assertThat(e.size()).isEqualTo(stolen.bytes().length));
        assertThat(repos.tree(bobRepo, "main", "", true, false)).filteredOn(e -> e.lfs() != null).isEmpty();
        assertThat(repos.pathsInfo(bobRepo, "main", List.of("dir/stolen.bin"), false)).singleElement()
                .satisfies(e -> assertThat(e.lfs()).isNull());
        FileEntry plain = repos.file(bobRepo, "main", "dir/stolen.bin");
        FileEntry forged = new FileEntry(plain.commit(), plain.path(), plain.blobId(), stolen.size(),
                new TreeEntry.Lfs(stolen.oid(), stolen.size(), plain.size()));
        assertCode(ErrorCode.ENTRY_NOT_FOUND, () -> repos.open(bobRepo, forged, 0, stolen.size()));

        repos.recordLargeFile(bobRepo, stolen.oid(), stolen.size()); // bob uploads the same bytes: now he holds them
        assertThat(repos.file(bobRepo, "main", "dir/stolen.bin").lfs().oid()).isEqualTo(stolen.oid());
        assertThat(read(bobRepo, "main", "dir/stolen.bin")).isEqualTo(new String(secretBytes, StandardCharsets.UTF_8));
    }

    @Test
    void fileCommitsKeepBytesThatLookLikeAPointerAsTheirOwnContent() throws Exception {
        byte[] secretBytes = "private weights".repeat(100).getBytes(StandardCharsets.UTF_8);
        LfsPointer stolen = privateLargeFile(RepoId.of(RepoType.MODEL, "alice", "secret"), secretBytes);
        Principal bob = user("bob", Role.WRITE);
        RepoId bobs = RepoId.of(RepoType.MODEL, "bob", "public");
        Repo bobRepo = repos.create(bob, bobs, false);

        FileCommits.create(repos, largeFiles).commit(bob, bobs, "main", "artifacts", "", List.of(FileCommits.File.of("p.bin", stolen.bytes())));

        FileEntry f = repos.file(bobRepo, "main", "p.bin");
        assertThat(f.lfs().oid()).isEqualTo(sha256(stolen.bytes())).isNotEqualTo(stolen.oid());
        assertThat(read(bobRepo, "main", "p.bin")).isEqualTo(new String(stolen.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void manySmallCommitsAreCompactedAndStayReadable() throws Exception {
        Repo repo = repos.create(alice, model, false);
        int commits = 20;
        for (int i = 0; i < commits; i++) {
            repos.commit(alice, model, commit(null, file("f" + i + ".txt", "content " + i)));
        }

        long packs = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_packs WHERE repo_id = :r").bind("r", repo.id())
                .mapTo(Long.class).one());

        assertThat(packs).isLessThanOrEqualTo(9);
        for (int i = 0; i < commits; i++) {
            assertThat(read(repo, "main", "f" + i + ".txt")).isEqualTo("content " + i);
        }
        assertThat(repos.commits(repo, "main", 0, 100).total()).isEqualTo(commits + 1);
    }

    @Test
    void packsReplacedByCompactionAreDeletedAfterAGracePeriod() throws Exception {
        Repo repo = repos.create(alice, model, false);
        for (int i = 0; i < 12; i++) {
            repos.commit(alice, model, commit(null, file("f" + i, "x" + i)));
        }
        java.nio.file.Path packs = dir.resolve("git").resolve(repo.id());
        long before = countFiles(packs);

        clock.advance(java.time.Duration.between(clock.instant(), Instant.now().plus(java.time.Duration.ofHours(2))));
        for (int i = 0; i < 9; i++) {
            repos.commit(alice, model, commit(null, file("g" + i, "y" + i)));
        }

        java.util.Set<String> live = new java.util.HashSet<>(db.withHandle(h -> h.createQuery("SELECT name FROM hub_packs WHERE repo_id = :r")
                .bind("r", repo.id()).mapTo(String.class).list()));
        try (var files = java.nio.file.Files.list(packs)) {
            assertThat(files.map(f -> f.getFileName().toString()).map(n -> n.substring(0, n.indexOf('.'))))
                    .allSatisfy(p -> assertThat(live).contains(p));
        }
        assertThat(countFiles(packs)).isLessThan(before);
        assertThat(read(repo, "main", "f3")).isEqualTo("x3");
        assertThat(read(repo, "main", "g8")).isEqualTo("y8");
    }

    private static long countFiles(java.nio.file.Path dir) throws IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void foldersAreDeletedWholeAndLargeFilesCopyByOid() throws Exception {
        Repo repo = repos.create(alice, model, false);
        byte[] big = "copy me".repeat(300).getBytes(StandardCharsets.UTF_8);
        String oid = sha256(big);
        largeFiles.put(oid, big.length, new ByteArrayInputStream(big));
        repos.recordLargeFile(repo, oid, big.length);
        repos.commit(alice, model, commit(null, file("d/a.txt", "a"), file("d/e/b.txt", "b"), file("keep.txt", "k"),
                new CommitOp.AddLfsFile("w.bin", oid, big.length)));

        repos.commit(alice, model, commit(null, new CommitOp.DeleteFolder("d"), new CommitOp.AddLfsFile("copy.bin", oid, -1)));

        assertThat(repos.tree(repo, "main", "", true, false)).extracting(TreeEntry::path)
                .containsExactly(".gitattributes", "copy.bin", "keep.txt", "w.bin");
        assertThat(repos.file(repo, "main", "copy.bin").size()).isEqualTo(big.length);
        assertCode(ErrorCode.ENTRY_NOT_FOUND, () -> repos.commit(alice, model, commit(null, new CommitOp.DeleteFolder("d"))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null,
                new CommitOp.AddLfsFile("x.bin", "ab".repeat(32), -1))));
    }

    @Test
    void aFileAndAFolderAtOnePathAreRefusedUnlessTheCommitDeletesTheOldOne() throws Exception {
        Repo repo = repos.create(alice, model, false);
        String head = repos.commit(alice, model, commit(null, file("fd/x", "in the folder"), file("f", "a file")));

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, file("fd", "over the folder"))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, file("f/y", "under the file"))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, file("new", "file"), file("new/z", "and folder"))));
        assertThatThrownBy(() -> repos.commit(alice, model, commit(null, file("fd", "over the folder"))))
                .hasMessageContaining("'fd/x' is in a folder of that name");
        assertThat(repos.resolve(repo, "main")).isEqualTo(head);
        assertThat(read(repo, "main", "fd/x")).isEqualTo("in the folder");

        repos.commit(alice, model, commit(null, new CommitOp.DeleteFolder("fd"), file("fd", "replaces the folder"),
                new CommitOp.DeleteFile("f"), file("f/y", "replaces the file")));

        assertThat(read(repo, "main", "fd")).isEqualTo("replaces the folder");
        assertThat(read(repo, "main", "f/y")).isEqualTo("replaces the file");
    }

    @Test
    void regularFilesOfTenMebibytesMustGoThroughLfs() {
        Repo repo = repos.create(alice, model, false);

        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model,
                commit(null, new CommitOp.AddFile("big.txt", new byte[(int) Repos.MAX_REGULAR_FILE_BYTES]))));

        assertThat(repos.commits(repo, "main", 0, 10).total()).isEqualTo(1);
    }

    @Test
    void pathTraversalIsRefusedEverywhere() {
        Repo repo = repos.create(alice, model, false);
        for (String bad : List.of("../x", "/etc/passwd", "a/../b", "a\\b", "a\u0000b", ".git/config", "a//b", "./a", "sub/.git/x")) {
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.commit(alice, model, commit(null, new CommitOp.AddFile(bad, new byte[1]))));
            assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.file(repo, "main", bad));
        }
        assertThat(repos.commits(repo, "main", 0, 10).total()).isEqualTo(1);
    }

    @Test
    void privateRepositoriesAreInvisibleToOthers() {
        Principal bob = user("bob", Role.WRITE);
        repos.create(alice, model, true);

        assertCode(ErrorCode.REPO_NOT_FOUND, () -> repos.get(Optional.empty(), model));
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> repos.get(Optional.of(bob), model));
        assertCode(ErrorCode.REPO_NOT_FOUND, () -> repos.commit(bob, model, commit(null, file("a", "b"))));
        assertThat(repos.get(Optional.of(admin), model).isPrivate()).isTrue();
        assertThat(repos.list(Optional.of(bob), new RepoQuery(RepoType.MODEL, null, null, null, null, false, 0, 10)).items()).isEmpty();
        assertThat(repos.list(Optional.of(alice), new RepoQuery(RepoType.MODEL, null, null, null, null, false, 0, 10)).items()).hasSize(1);
    }

    @Test
    void readTokensNeverWrite() {
        repos.create(alice, model, false);
        Principal aliceRead = accounts.authenticate(accounts.createToken(admin, "alice", "ro", Role.READ).secret());

        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.commit(aliceRead, model, commit(null, file("a", "b"))));
        assertCode(ErrorCode.PERMISSION_DENIED, () -> repos.delete(aliceRead, model));
    }

    @Test
    void branchesAndTagsMoveIndependently() throws Exception {
        Repo repo = repos.create(alice, model, false);
        repos.createBranch(alice, model, "dev", null, false);
        repos.commit(alice, model, new CommitRequest("dev", "on dev", null, null, List.of(file("d.txt", "dev"))));
        repos.createTag(alice, model, "v1", "dev", "first release");

        assertThat(read(repo, "v1", "d.txt")).isEqualTo("dev");
        assertCode(ErrorCode.ENTRY_NOT_FOUND, () -> repos.file(repo, "main", "d.txt"));
        assertCode(ErrorCode.ALREADY_EXISTS, () -> repos.createBranch(alice, model, "dev", null, false));
        assertThat(repos.refs(repo).branches()).extracting(RepoRefs.Named::name).containsExactlyInAnyOrder("main", "dev");
        assertThat(repos.refs(repo).tags().getFirst().targetCommit()).isEqualTo(repos.resolve(repo, "dev"));
        repos.deleteBranch(alice, model, "dev");
        assertCode(ErrorCode.REVISION_NOT_FOUND, () -> repos.resolve(repo, "dev"));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> repos.createBranch(alice, model, "../evil", null, false));
    }

    @Test
    void modelCardsFeedTagsAndLineage() {
        repos.create(alice, model, false);
        RepoId child = RepoId.of(RepoType.MODEL, "alice", "tiny-lora");
        repos.create(alice, child, false);
        repos.commit(alice, child, new CommitRequest("main", "card", null, null, List.of(
                file("README.md", "---\nlicense: mit\ntags: [text]\nbase_model: alice/tiny\npipeline_tag: text-generation\n---\n# hi\n"),
                file("adapter_config.json", "{}"))));

        Repo c = repos.get(Optional.empty(), child);

        assertThat(c.tags()).contains("text", "license:mit", "base_model:adapter:alice/tiny");
        assertThat(c.pipelineTag()).isEqualTo("text-generation");
        assertThat(repos.lineage(Optional.empty(), repos.get(Optional.empty(), model)).childrenCount()).isEqualTo(1);
        FamilyTree tree = repos.family(Optional.empty(), model, 3);
        assertThat(tree.descendants()).containsExactly(new FamilyTree.Edge("alice/tiny-lora", "alice/tiny", "adapter", 1));
        assertThat(repos.list(Optional.empty(), new RepoQuery(RepoType.MODEL, null, null, List.of("base_model:adapter:alice/tiny"), null, false, 0, 10))
                .items()).extracting(Repo::fullName).containsExactly("alice/tiny-lora");
        assertThat(repos.list(Optional.empty(), new RepoQuery(RepoType.MODEL, null, null, List.of("base_model:adapter:Alice/Tiny"), null, false, 0, 10))
                .items()).as("tags match exactly on every engine, as in the search index").isEmpty();
        assertThat(repos.list(Optional.empty(), new RepoQuery(RepoType.MODEL, null, null, List.of("base_model:adapter:alice/tin"), null, false, 0, 10))
                .items()).as("a whole tag, not a prefix").isEmpty();
    }

    @Test
    void fileCommitsSendFilesOfTheLfsThresholdOrMoreToTheLargeFileStore() throws Exception {
        repos.create(alice, model, false);
        byte[] under = new byte[(int) Repos.MAX_REGULAR_FILE_BYTES - 1];
        byte[] at = new byte[(int) Repos.MAX_REGULAR_FILE_BYTES];
        java.util.Arrays.fill(under, (byte) 'u');
        java.util.Arrays.fill(at, (byte) 'a');
        FileCommits commits = FileCommits.create(repos, largeFiles);

        String commit = commits.commit(alice, model, "main", "weights", "", List.of(FileCommits.File.of("under.bin", under),
                FileCommits.File.of("dir/at.bin", at)));

        Repo repo = repos.get(Optional.of(alice), model);
        assertThat(repos.resolve(repo, "main")).isEqualTo(commit);
        FileEntry small = repos.file(repo, commit, "under.bin");
        FileEntry large = repos.file(repo, commit, "dir/at.bin");
        assertThat(small.lfs()).isNull();
        assertThat(small.size()).isEqualTo(under.length);
        assertThat(large.lfs().oid()).isEqualTo(sha256(at));
        assertThat(largeFiles.size(sha256(at))).hasValue(at.length);
        try (InputStream in = repos.open(repo, large, 0, at.length)) {
            assertThat(in.readAllBytes()).isEqualTo(at);
        }
        Principal bob = user("bob", Role.WRITE);
        assertCode(ErrorCode.PERMISSION_DENIED, () -> commits.commit(bob, model, "main", "mine", "", List.of(FileCommits.File.of("x", at))));
        assertThat(repos.resolve(repo, "main")).isEqualTo(commit);
    }
}
