package org.chorus.hub.repos;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.LfsPointer;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

final class SqlRepos implements Repos {
    private final Database db;
    private final GitStore git;
    private final Clock clock;
    private final RepoAccess access;
    private final RepoListing listing;
    private final CardIndex cards;
    private final RepoReads reads;
    private final RefCommands refCommands;
    private final LfsObjects lfsObjects;
    private final BranchCommits branchCommits;
    private final RefFollowUp followUp;
    private final SqlDownloadStats downloads;
    private volatile byte[] signingKey;

    SqlRepos(Database db, GitStore git, LargeFileStore largeFiles, Clock clock) {
        this.db = db;
        this.git = git;
        this.clock = clock;
        this.access = new RepoAccess(db);
        this.listing = new RepoListing(db, new Trending(db, clock));
        this.downloads = new SqlDownloadStats(db, clock);
        this.cards = new CardIndex(db, clock);
        this.lfsObjects = new LfsObjects(db, largeFiles, clock);
        this.reads = new RepoReads(git, lfsObjects, largeFiles);
        this.followUp = new RefFollowUp(git, cards, new CommitLog(db));
        this.refCommands = new RefCommands(git, followUp);
        this.branchCommits = new BranchCommits(git);
    }

    @Override
    public Repo create(Principal actor, RepoId id, boolean isPrivate) {
        actor.requireWriteToken();
        Names.requireNew("repository name", id.name());
        String repoId = db.inTransaction(h -> {
            String owner = writableOwner(h, actor, id.owner());
            String newId = Ids.newId(clock);
            long now = clock.millis();
            h.createUpdate("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private, created_at, last_modified, tags)"
                            + " VALUES (:id, :kind, :owner, :name, :full, :key, :private, :now, :now, '')")
                    .bind("id", newId).bind("kind", id.type().wire()).bind("owner", owner).bind("name", id.name())
                    .bind("full", id.fullName()).bind("key", id.key()).bind("private", isPrivate).bind("now", now).execute();
            MovedNames.release(h, id);
            ChangeLog.record(h, newId, now);
            return newId;
        });
        Repo repo = byId(repoId);
        try (Repository r = git.open(repoId)) {
            GitWrites.commit(r, "main", null, new CommitRequest("main", "initial commit", null, null,
                    List.of(new CommitOp.AddFile(".gitattributes", GitWrites.DEFAULT_GITATTRIBUTES.getBytes(StandardCharsets.UTF_8)))),
                    ident(actor));
        }
        followUp.afterMove(repo, true);
        return byId(repoId);
    }

    /** The id of the account named {@code owner}, if the actor may create repositories there. */
    private String writableOwner(org.jdbi.v3.core.Handle h, Principal actor, String owner) {
        String ownerId = h.createQuery("SELECT id FROM accounts WHERE name_key = :k").bind("k", owner.toLowerCase(Locale.ROOT))
                .mapTo(String.class).findOne()
                .orElseThrow(() -> ChorusException.notFound("no user or organisation named '" + owner + "'"));
        boolean allowed = actor.siteAdmin() || ownerId.equals(actor.user().id())
                || access.orgRole(h, ownerId, actor.user().id()).filter(r -> r.includes(Role.WRITE)).isPresent();
        if (!allowed) {
            throw new ChorusException(ErrorCode.PERMISSION_DENIED, "you cannot create repositories in '" + owner + "'");
        }
        return ownerId;
    }

    @Override
    public Repo move(Principal actor, RepoId from, RepoId to) {
        actor.requireWriteToken();
        if (from.type() != to.type()) {
            throw ChorusException.invalid("a repository keeps its type when it moves");
        }
        if (!to.name().equals(from.name())) {
            Names.requireNew("repository name", to.name());
        }
        Repo repo = access.require(Optional.of(actor), from, Role.ADMIN);
        db.useTransaction(h -> {
            String owner = writableOwner(h, actor, to.owner());
            if (!to.key().equals(from.key()) && RepoRows.find(h, to).isPresent()) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "repository " + to + " already exists");
            }
            // git objects, refs and large files are keyed by the repository's id, so only its names change
            h.createUpdate("UPDATE hub_repos SET owner_id = :owner, name = :name, full_name = :full, name_key = :key WHERE id = :id")
                    .bind("owner", owner).bind("name", to.name()).bind("full", to.fullName()).bind("key", to.key()).bind("id", repo.id()).execute();
            MovedNames.moved(h, repo.id(), from, to);
            ChangeLog.record(h, repo.id(), clock.millis());
        });
        return byId(repo.id());
    }

    private Repo byId(String repoId) {
        return db.withHandle(h -> h.createQuery("SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE r.id = :id").bind("id", repoId)
                .map((rs, ctx) -> RepoRows.row(rs).repo()).one());
    }

    private PersonIdent ident(Principal actor) {
        String email = actor.user().email() == null ? actor.user().name() + CommitLog.NOREPLY : actor.user().email();
        return new PersonIdent(actor.user().name(), email, clock.instant(), java.time.ZoneOffset.UTC);
    }

    @Override
    public void delete(Principal actor, RepoId id) {
        Repo repo = access.require(Optional.of(actor), id, Role.ADMIN);
        db.useTransaction(h -> {
            MovedNames.forget(h, repo.id());
            h.createUpdate("DELETE FROM hub_repos WHERE id = :id").bind("id", repo.id()).execute();
            ChangeLog.record(h, repo.id(), clock.millis());
        });
        git.deleteFiles(repo.id());
    }

    @Override
    public void setPrivate(Principal actor, RepoId id, boolean isPrivate) {
        Repo repo = access.require(Optional.of(actor), id, Role.ADMIN);
        db.useTransaction(h -> {
            h.createUpdate("UPDATE hub_repos SET private = :p WHERE id = :id").bind("p", isPrivate).bind("id", repo.id()).execute();
            ChangeLog.record(h, repo.id(), clock.millis());
        });
    }

    @Override
    public Repo get(Optional<Principal> caller, RepoId id) {
        return access.require(caller, id, Role.READ);
    }

    @Override
    public Optional<RepoId> movedTo(Optional<Principal> caller, RepoId oldName) {
        return db.withHandle(h -> MovedNames.target(h, oldName).filter(row -> access.canRead(h, caller, row)).map(row -> row.repo().repoId()));
    }

    @Override
    public Optional<Role> access(Optional<Principal> caller, RepoId id) {
        return access.rights(caller, id);
    }

    @Override
    public Repo requireWrite(Optional<Principal> caller, RepoId id) {
        return access.require(caller, id, Role.WRITE);
    }

    @Override
    public Page<Repo> list(Optional<Principal> caller, RepoQuery query) {
        return listing.list(caller, query);
    }

    @Override
    public void refreshTrending() {
        listing.refreshTrending();
    }

    @Override
    public String resolve(Repo repo, String revision) {
        try (Repository r = git.open(repo.id())) {
            return GitReads.require(r, revision).name();
        }
    }

    @Override
    public List<TreeEntry> tree(Repo repo, String revision, String directory, boolean recursive, boolean withLastCommit) {
        return reads.tree(repo, revision, directory, recursive, withLastCommit);
    }

    @Override
    public List<TreeEntry> pathsInfo(Repo repo, String revision, List<String> paths, boolean withLastCommit) {
        return reads.pathsInfo(repo, revision, paths, withLastCommit);
    }

    @Override
    public FileEntry file(Repo repo, String revision, String path) {
        return reads.file(repo, revision, path);
    }

    @Override
    public InputStream open(Repo repo, FileEntry file, long offset, long length) {
        return reads.open(repo, file, offset, length);
    }

    @Override
    public Page<CommitInfo> commits(Repo repo, String revision, int offset, int limit) {
        return reads.commits(repo, revision, null, offset, limit);
    }

    @Override
    public Page<CommitInfo> commits(Repo repo, String revision, String path, int offset, int limit) {
        return reads.commits(repo, revision, RepoPaths.require(path), offset, limit);
    }

    @Override
    public String commit(Principal actor, RepoId id, CommitRequest request) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        String branch = RefNames.branch(request.branch());
        if (request.summary() == null || request.summary().isBlank()) {
            throw ChorusException.invalid("a commit needs a summary");
        }
        request = withLargeFileSizes(repo, request);
        for (CommitOp op : request.ops()) {
            if (op instanceof CommitOp.AddFile f && f.content().length >= MAX_REGULAR_FILE_BYTES) {
                throw ChorusException.invalid("'" + f.path() + "' has " + f.content().length + " bytes; files of "
                        + MAX_REGULAR_FILE_BYTES + " bytes or more must be uploaded with LFS");
            }
            if (op instanceof CommitOp.AddLfsFile f && !hasLargeFile(repo, f.sha256(), f.size())) {
                throw ChorusException.invalid("large file '" + f.path() + "' (sha256 " + f.sha256() + ", " + f.size()
                        + " bytes) was never uploaded to this repository, or its size differs");
            }
            if (op instanceof CommitOp.AddFile f) {
                requireOwnPointer(repo, f);
            }
        }
        ObjectId commit = branchCommits.commit(repo, branch, request, ident(actor));
        followUp.afterMove(repo, branch.equals("main"));
        return commit.name();
    }

    /** Fills in the recorded size of large files a commit names by oid only. */
    private CommitRequest withLargeFileSizes(Repo repo, CommitRequest request) {
        if (request.ops().stream().noneMatch(op -> op instanceof CommitOp.AddLfsFile f && f.size() < 0)) {
            return request;
        }
        List<CommitOp> ops = request.ops().stream().map(op -> op instanceof CommitOp.AddLfsFile f && f.size() < 0
                ? (CommitOp) new CommitOp.AddLfsFile(f.path(), f.sha256(), recordedSize(repo, f))
                : op).toList();
        return new CommitRequest(request.branch(), request.summary(), request.description(), request.parentCommit(), ops);
    }

    private long recordedSize(Repo repo, CommitOp.AddLfsFile f) {
        return lfsObjects.recordedSize(repo.id(), f.sha256())
                .orElseThrow(() -> ChorusException.invalid("large file '" + f.path() + "' (sha256 " + f.sha256()
                        + ") was never uploaded to this repository"));
    }

    @Override
    public RepoRefs refs(Repo repo) {
        return refCommands.refs(repo);
    }

    @Override
    public void createBranch(Principal actor, RepoId id, String branch, String startingPoint, boolean overwrite) {
        refCommands.createBranch(access.require(Optional.of(actor), id, Role.WRITE), branch, startingPoint, overwrite);
    }

    @Override
    public String superSquash(Principal actor, RepoId id, String branch, String message) {
        String summary = message == null || message.isBlank() ? "Super-squash branch '" + branch + "'" : message.strip();
        return refCommands.superSquash(access.require(Optional.of(actor), id, Role.WRITE), branch, summary, ident(actor));
    }

    @Override
    public void deleteBranch(Principal actor, RepoId id, String branch) {
        refCommands.deleteBranch(access.require(Optional.of(actor), id, Role.WRITE), branch);
    }

    @Override
    public void createTag(Principal actor, RepoId id, String tag, String revision, String message) {
        refCommands.createTag(access.require(Optional.of(actor), id, Role.WRITE), tag, revision, message, ident(actor));
    }

    @Override
    public void deleteTag(Principal actor, RepoId id, String tag) {
        refCommands.deleteTag(access.require(Optional.of(actor), id, Role.WRITE), tag);
    }

    /**
     * A regular file whose bytes are an LFS pointer would be served as the large file it names, so it may name only
     * this repository's own large files, like an {@code lfsFile} entry or a pushed pointer.
     */
    private void requireOwnPointer(Repo repo, CommitOp.AddFile f) {
        Optional<LfsPointer> pointer = LfsPointer.parse(f.content());
        if (pointer.isPresent() && !hasLargeFile(repo, pointer.get().oid(), pointer.get().size())) {
            throw ChorusException.invalid("'" + f.path() + "' is a git-lfs pointer to a large file (sha256 " + pointer.get().oid() + ", "
                    + pointer.get().size() + " bytes) that was never uploaded to this repository; upload its bytes with LFS first");
        }
    }

    @Override
    public Page<LfsFile> lfsFiles(Principal actor, RepoId id, int offset, int limit) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        return lfsObjects.list(repo.id(), offset, limit, lfsPaths(repo));
    }

    /** Each large file's path on the default branch (the first in tree order where it is there twice). */
    private Map<String, String> lfsPaths(Repo repo) {
        Map<String, String> paths = new HashMap<>();
        if (repo.sha() == null) {
            return paths;
        }
        for (TreeEntry e : reads.tree(repo, repo.sha(), "", true, false)) {
            if (e.lfs() != null) {
                paths.putIfAbsent(e.lfs().oid(), e.path());
            }
        }
        return paths;
    }

    @Override
    public List<String> deleteLfsFiles(Principal actor, RepoId id, Collection<String> sha256s) {
        Repo repo = access.require(Optional.of(actor), id, Role.ADMIN);
        for (String oid : sha256s) {
            if (!LargeFileStore.isSha256(oid)) {
                throw ChorusException.invalid("'" + oid + "' is not a large file's sha256 (64 lower-case hex digits)");
            }
        }
        return lfsObjects.forget(repo.id(), sha256s);
    }

    @Override
    public boolean hasLargeFile(Repo repo, String sha256, long size) {
        return lfsObjects.has(repo.id(), sha256, size);
    }

    @Override
    public void recordLargeFile(Repo repo, String sha256, long size) {
        lfsObjects.record(repo.id(), sha256, size);
    }

    @Override
    public void refsChanged(Repo repo) {
        followUp.afterMove(repo, true);
    }

    @Override
    public void countDownload(Repo repo) {
        downloads.count(repo);
    }

    @Override
    public FamilyTree family(Optional<Principal> caller, RepoId id, int depth) {
        Repo repo = access.require(caller, id, Role.READ);
        return cards.family(caller, access, repo, Math.max(1, Math.min(depth, 10)));
    }

    @Override
    public Lineage lineage(Optional<Principal> caller, Repo repo) {
        return cards.lineage(caller, access, repo);
    }

    @Override
    public Optional<Repo> findById(String id) {
        return db.withHandle(h -> h.createQuery("SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE r.id = :id").bind("id", id)
                .map((rs, ctx) -> RepoRows.row(rs).repo()).findOne());
    }

    @Override
    public byte[] signingKey() {
        byte[] key = signingKey;
        if (key == null) {
            String hex;
            try {
                hex = db.inTransaction(h -> h.createQuery("SELECT value FROM hub_secrets WHERE name = 'url-signing'").mapTo(String.class)
                        .findOne().orElseGet(() -> {
                            byte[] fresh = new byte[32];
                            new java.security.SecureRandom().nextBytes(fresh);
                            String v = java.util.HexFormat.of().formatHex(fresh);
                            h.createUpdate("INSERT INTO hub_secrets (name, value) VALUES ('url-signing', :v)").bind("v", v).execute();
                            return v;
                        }));
            } catch (ChorusException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) {
                    throw e;
                }
                hex = db.withHandle(h -> h.createQuery("SELECT value FROM hub_secrets WHERE name = 'url-signing'").mapTo(String.class).one());
            }
            key = java.util.HexFormat.of().parseHex(hex);
            signingKey = key;
        }
        return key.clone();
    }

    @Override
    public Repository openGit(Repo repo) {
        return git.open(repo.id());
    }

}
