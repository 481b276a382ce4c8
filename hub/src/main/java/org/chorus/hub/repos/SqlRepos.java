package org.chorus.hub.repos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;

final class SqlRepos implements Repos {
    private final Database db;
    private final GitStore git;
    private final LargeFileStore largeFiles;
    private final Clock clock;
    private final RepoAccess access;
    private final RepoListing listing;
    private final CardIndex cards;
    private volatile byte[] signingKey;

    SqlRepos(Database db, GitStore git, LargeFileStore largeFiles, Clock clock) {
        this.db = db;
        this.git = git;
        this.largeFiles = largeFiles;
        this.clock = clock;
        this.access = new RepoAccess(db);
        this.listing = new RepoListing(db, access);
        this.cards = new CardIndex(db, clock);
    }

    @Override
    public Repo create(Principal actor, RepoId id, boolean isPrivate) {
        actor.requireWriteToken();
        String repoId = db.inTransaction(h -> {
            var owner = h.createQuery("SELECT id, kind FROM accounts WHERE name_key = :k").bind("k", id.owner().toLowerCase(Locale.ROOT))
                    .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("kind")}).findOne()
                    .orElseThrow(() -> ChorusException.notFound("no user or organisation named '" + id.owner() + "'"));
            boolean allowed = actor.siteAdmin() || owner[0].equals(actor.user().id())
                    || access.orgRole(h, owner[0], actor.user().id()).filter(r -> r.includes(Role.WRITE)).isPresent();
            if (!allowed) {
                throw new ChorusException(ErrorCode.PERMISSION_DENIED, "you cannot create repositories in '" + id.owner() + "'");
            }
            String newId = Ids.newId(clock);
            long now = clock.millis();
            h.createUpdate("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private, created_at, last_modified, tags)"
                            + " VALUES (:id, :kind, :owner, :name, :full, :key, :private, :now, :now, '')")
                    .bind("id", newId).bind("kind", id.type().wire()).bind("owner", owner[0]).bind("name", id.name())
                    .bind("full", id.fullName()).bind("key", id.key()).bind("private", isPrivate).bind("now", now).execute();
            return newId;
        });
        Repo repo = byId(repoId);
        try (Repository r = git.open(repoId)) {
            GitWrites.commit(r, "main", null, new CommitRequest("main", "initial commit", null, null,
                    List.of(new CommitOp.AddFile(".gitattributes", GitWrites.DEFAULT_GITATTRIBUTES.getBytes(StandardCharsets.UTF_8)))),
                    ident(actor));
            cards.refresh(repo, r);
        }
        return byId(repoId);
    }

    private Repo byId(String repoId) {
        return db.withHandle(h -> h.createQuery("SELECT " + RepoRows.COLUMNS + RepoRows.FROM + " WHERE r.id = :id").bind("id", repoId)
                .map((rs, ctx) -> RepoRows.row(rs).repo()).one());
    }

    private PersonIdent ident(Principal actor) {
        String email = actor.user().email() == null ? actor.user().name() + "@users.noreply.chorus" : actor.user().email();
        return new PersonIdent(actor.user().name(), email, clock.instant(), java.time.ZoneOffset.UTC);
    }

    @Override
    public void delete(Principal actor, RepoId id) {
        Repo repo = access.require(Optional.of(actor), id, Role.ADMIN);
        db.useTransaction(h -> h.createUpdate("DELETE FROM hub_repos WHERE id = :id").bind("id", repo.id()).execute());
        git.deleteFiles(repo.id());
    }

    @Override
    public void setPrivate(Principal actor, RepoId id, boolean isPrivate) {
        Repo repo = access.require(Optional.of(actor), id, Role.ADMIN);
        db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET private = :p WHERE id = :id")
                .bind("p", isPrivate).bind("id", repo.id()).execute());
    }

    @Override
    public Repo get(Optional<Principal> caller, RepoId id) {
        return access.require(caller, id, Role.READ);
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
    public String resolve(Repo repo, String revision) {
        try (Repository r = git.open(repo.id())) {
            return GitReads.require(r, revision).name();
        }
    }

    @Override
    public List<TreeEntry> tree(Repo repo, String revision, String directory, boolean recursive, boolean withLastCommit) {
        String dir = RepoPaths.requireDirectory(directory);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            List<TreeEntry> entries = GitReads.tree(r, commit, dir, recursive);
            return withLastCommit ? entries.stream().map(e -> e.withLastCommit(GitReads.lastCommit(r, commit, e.path()))).toList() : entries;
        }
    }

    @Override
    public List<TreeEntry> pathsInfo(Repo repo, String revision, List<String> paths, boolean withLastCommit) {
        paths.forEach(RepoPaths::require);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            List<TreeEntry> out = new ArrayList<>();
            for (String p : paths) {
                GitReads.entry(r, commit, p).ifPresent(e -> out.add(withLastCommit ? e.withLastCommit(GitReads.lastCommit(r, commit, p)) : e));
            }
            return out;
        }
    }

    @Override
    public FileEntry file(Repo repo, String revision, String path) {
        RepoPaths.require(path);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision);
            TreeEntry e = GitReads.entry(r, commit, path).filter(t -> !t.directory())
                    .orElseThrow(() -> new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "file '" + path + "' not found at " + revision));
            return new FileEntry(commit.name(), path, e.oid(), e.size(), e.lfs());
        }
    }

    @Override
    public InputStream open(Repo repo, FileEntry file, long offset, long length) {
        if (file.lfs() != null) {
            if (largeFiles.size(file.lfs().oid()).isEmpty()) {
                throw new ChorusException(ErrorCode.ENTRY_NOT_FOUND, "the large file behind '" + file.path() + "' is not stored on this server");
            }
            return largeFiles.open(file.lfs().oid(), offset, length);
        }
        try (Repository r = git.open(repo.id())) {
            ObjectLoader loader = r.open(ObjectId.fromString(file.blobId()), Constants.OBJ_BLOB);
            InputStream in = loader.isLarge() ? loader.openStream() : new ByteArrayInputStream(loader.getCachedBytes());
            in.skipNBytes(offset);
            return new java.io.BufferedInputStream(in) {
                private long left = length;

                @Override
                public synchronized int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Page<CommitInfo> commits(Repo repo, String revision, int offset, int limit) {
        try (Repository r = git.open(repo.id())) {
            return GitReads.log(r, GitReads.require(r, revision), offset, limit);
        }
    }

    @Override
    public String commit(Principal actor, RepoId id, CommitRequest request) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        String branch = RefNames.branch(request.branch());
        if (request.summary() == null || request.summary().isBlank()) {
            throw ChorusException.invalid("a commit needs a summary");
        }
        for (CommitOp op : request.ops()) {
            if (op instanceof CommitOp.AddLfsFile f && !hasLargeFile(repo, f.sha256(), f.size())) {
                throw ChorusException.invalid("large file '" + f.path() + "' (sha256 " + f.sha256() + ", " + f.size()
                        + " bytes) was never uploaded to this repository, or its size differs");
            }
        }
        try (Repository r = git.open(repo.id())) {
            ObjectId head = GitReads.resolve(r, branch).orElse(null);
            if (head == null && !branch.equals("main")) {
                throw new ChorusException(ErrorCode.REVISION_NOT_FOUND, "branch '" + branch + "' not found");
            }
            if (request.parentCommit() != null && !request.parentCommit().isEmpty()
                    && (head == null || !head.name().equals(request.parentCommit()))) {
                throw new ChorusException(ErrorCode.CONFLICT, "parent commit " + request.parentCommit() + " is not the head of '"
                        + branch + "' (" + (head == null ? "none" : head.name()) + "): someone committed since; nothing was changed");
            }
            ObjectId commit = GitWrites.commit(r, branch, head, request, ident(actor));
            if (branch.equals("main")) {
                cards.refresh(repo, r);
            }
            return commit.name();
        }
    }

    @Override
    public RepoRefs refs(Repo repo) {
        try (Repository r = git.open(repo.id())) {
            List<RepoRefs.Named> branches = new ArrayList<>();
            List<RepoRefs.Named> tags = new ArrayList<>();
            for (var ref : r.getRefDatabase().getRefsByPrefix(Constants.R_REFS)) {
                ObjectId target = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : r.getRefDatabase().peel(ref).getPeeledObjectId();
                target = target == null ? ref.getObjectId() : target;
                if (ref.getName().startsWith(Constants.R_HEADS)) {
                    branches.add(new RepoRefs.Named(Repository.shortenRefName(ref.getName()), ref.getName(), target.name()));
                } else if (ref.getName().startsWith(Constants.R_TAGS)) {
                    tags.add(new RepoRefs.Named(Repository.shortenRefName(ref.getName()), ref.getName(), target.name()));
                }
            }
            return new RepoRefs(branches, tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void createBranch(Principal actor, RepoId id, String branch, String startingPoint, boolean overwrite) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        String name = RefNames.branch(branch);
        try (Repository r = git.open(repo.id())) {
            ObjectId start = GitReads.require(r, startingPoint == null || startingPoint.isEmpty() ? "main" : startingPoint);
            ObjectId existing = GitReads.resolve(r, Constants.R_HEADS + name).orElse(null);
            if (existing != null && !overwrite) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "branch '" + name + "' already exists");
            }
            GitWrites.moveRef(r, Constants.R_HEADS + name, existing, start);
            if (name.equals("main")) {
                cards.refresh(repo, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteBranch(Principal actor, RepoId id, String branch) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        String name = RefNames.branch(branch);
        if (name.equals("main")) {
            throw ChorusException.invalid("the main branch cannot be deleted");
        }
        deleteRef(repo, Constants.R_HEADS + name, "branch");
    }

    private void deleteRef(Repo repo, String ref, String what) {
        try (Repository r = git.open(repo.id())) {
            var existing = r.exactRef(ref);
            if (existing == null) {
                throw new ChorusException(ErrorCode.REVISION_NOT_FOUND, what + " '" + Repository.shortenRefName(ref) + "' not found");
            }
            GitWrites.moveRef(r, ref, existing.getObjectId(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void createTag(Principal actor, RepoId id, String tag, String revision, String message) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        String name = RefNames.tag(tag);
        try (Repository r = git.open(repo.id())) {
            ObjectId commit = GitReads.require(r, revision == null || revision.isEmpty() ? "main" : revision);
            if (r.exactRef(Constants.R_TAGS + name) != null) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "tag '" + name + "' already exists");
            }
            ObjectId target = message == null || message.isBlank() ? commit : GitWrites.annotatedTag(r, name, commit, message, ident(actor));
            GitWrites.moveRef(r, Constants.R_TAGS + name, null, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void deleteTag(Principal actor, RepoId id, String tag) {
        Repo repo = access.require(Optional.of(actor), id, Role.WRITE);
        deleteRef(repo, Constants.R_TAGS + RefNames.tag(tag), "tag");
    }

    @Override
    public boolean hasLargeFile(Repo repo, String sha256, long size) {
        boolean recorded = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM hub_lfs_objects WHERE repo_id = :r AND oid = :o AND size = :s")
                .bind("r", repo.id()).bind("o", sha256).bind("s", size).mapTo(Long.class).one() > 0);
        return recorded && largeFiles.size(sha256).orElse(-1) == size;
    }

    @Override
    public void recordLargeFile(Repo repo, String sha256, long size) {
        if (largeFiles.size(sha256).orElse(-1) != size) {
            throw ChorusException.invalid("large file " + sha256 + " of " + size + " bytes is not stored");
        }
        long now = clock.millis();
        db.useTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM hub_lfs_objects WHERE repo_id = :r AND oid = :o")
                    .bind("r", repo.id()).bind("o", sha256).mapTo(Long.class).one() > 0;
            if (!exists) {
                h.createUpdate("INSERT INTO hub_lfs_objects (repo_id, oid, size, created_at) VALUES (:r, :o, :s, :t)")
                        .bind("r", repo.id()).bind("o", sha256).bind("s", size).bind("t", now).execute();
            }
        });
    }

    @Override
    public void refsChanged(Repo repo) {
        try (Repository r = git.open(repo.id())) {
            cards.refresh(repo, r);
        }
    }

    @Override
    public void countDownload(Repo repo) {
        db.useTransaction(h -> h.createUpdate("UPDATE hub_repos SET downloads = downloads + 1 WHERE id = :id").bind("id", repo.id()).execute());
    }

    @Override
    public void like(Principal actor, RepoId id, boolean like) {
        Repo repo = access.require(Optional.of(actor), id, Role.READ);
        actor.requireWriteToken();
        long now = clock.millis();
        db.useTransaction(h -> {
            h.createUpdate("DELETE FROM hub_likes WHERE repo_id = :r AND user_id = :u").bind("r", repo.id()).bind("u", actor.user().id()).execute();
            if (like) {
                h.createUpdate("INSERT INTO hub_likes (repo_id, user_id, created_at) VALUES (:r, :u, :t)")
                        .bind("r", repo.id()).bind("u", actor.user().id()).bind("t", now).execute();
            }
            h.createUpdate("UPDATE hub_repos SET likes = (SELECT COUNT(*) FROM hub_likes WHERE repo_id = :r) WHERE id = :r")
                    .bind("r", repo.id()).execute();
        });
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
