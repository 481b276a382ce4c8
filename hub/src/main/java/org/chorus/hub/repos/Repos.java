package org.chorus.hub.repos;

import java.io.InputStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.accounts.Role;
import org.chorus.hub.git.GitStore;
import org.chorus.hub.lfs.LargeFileStore;

/**
 * Hub repositories: metadata, permissions, git content, commits, refs, large files, counters and lineage.
 * A caller is a principal or empty (anonymous). A private repository the caller may not read is reported
 * as REPO_NOT_FOUND everywhere, never PERMISSION_DENIED.
 */
public interface Repos {
    /** Files this large or larger must go through LFS, as on the Hub: in commits and in git pushes. */
    long MAX_REGULAR_FILE_BYTES = 10L << 20;

    static Repos create(Database db, GitStore git, LargeFileStore largeFiles, Clock clock) {
        return new SqlRepos(db, git, largeFiles, clock);
    }

    Repo create(Principal actor, RepoId id, boolean isPrivate);

    void delete(Principal actor, RepoId id);

    void setPrivate(Principal actor, RepoId id, boolean isPrivate);

    /**
     * Renames or transfers a repository (the Hub's {@code /api/repos/move}): the actor needs admin on it and the right
     * to create repositories under the new owner; ALREADY_EXISTS if the new name is taken. History, refs, large files,
     * likes and download counts move with it; cards elsewhere that name the old id as their base keep naming it.
     */
    Repo move(Principal actor, RepoId from, RepoId to);

    /**
     * Where a repository that was moved away from {@code oldName} lives now, if the caller may read it there; empty
     * for a name no moved repository had, and for one the caller may not see (its new name stays as hidden as it).
     * A new repository created under an old name takes the name back, so a live name never redirects.
     */
    Optional<RepoId> movedTo(Optional<Principal> caller, RepoId oldName);

    /** The repository if the caller may read it. */
    Repo get(Optional<Principal> caller, RepoId id);

    /**
     * The caller's effective right on the repository (token role included), or empty if it may not see it.
     * Anonymous callers get READ on public repositories.
     */
    Optional<Role> access(Optional<Principal> caller, RepoId id);

    /** Checks the caller may write: REPO_NOT_FOUND if invisible, UNAUTHENTICATED if anonymous, PERMISSION_DENIED otherwise. */
    Repo requireWrite(Optional<Principal> caller, RepoId id);

    Page<Repo> list(Optional<Principal> caller, RepoQuery query);

    /**
     * Brings the counts of moving windows (trending scores, 30-day downloads) computed on an earlier UTC day up to
     * date (once a day per node); every listing shows them, so {@link #list} calls it first, as any other listing
     * (the search index) must.
     */
    void refreshTrending();

    /** The commit a revision (branch, tag, full commit id, or HEAD) points at; REVISION_NOT_FOUND if none. */
    String resolve(Repo repo, String revision);

    /** Entries under {@code directory} ("" for the root), recursively or one level. */
    List<TreeEntry> tree(Repo repo, String revision, String directory, boolean recursive, boolean withLastCommit);

    /** The entries at the given paths that exist. */
    List<TreeEntry> pathsInfo(Repo repo, String revision, List<String> paths, boolean withLastCommit);

    FileEntry file(Repo repo, String revision, String path);

    /** The bytes of a resolved file from {@code offset}, {@code length} bytes long. */
    InputStream open(Repo repo, FileEntry file, long offset, long length);

    /** Commits reachable from the revision, newest first. */
    Page<CommitInfo> commits(Repo repo, String revision, int offset, int limit);

    /**
     * Commits reachable from the revision that changed {@code path} (a file, or anything under a directory), newest
     * first, as {@code git log -- path} lists them. The path is checked with {@link RepoPaths#require}.
     */
    Page<CommitInfo> commits(Repo repo, String revision, String path, int offset, int limit);

    /**
     * Applies the commit and returns the new commit id. Without a parent commit it lands on the newest head of
     * the branch; once it has landed the call succeeds, whatever the upkeep that follows does.
     */
    String commit(Principal actor, RepoId id, CommitRequest request);

    RepoRefs refs(Repo repo);

    void createBranch(Principal actor, RepoId id, String branch, String startingPoint, boolean overwrite);

    /**
     * Replaces a branch's history by one commit of its current files (huggingface_hub's {@code super_squash_history};
     * write access, like overwriting a branch). Large files only older commits named are then listed with an empty
     * file name by {@link #lfsFiles}, to be removed. Returns the new commit's id.
     */
    String superSquash(Principal actor, RepoId id, String branch, String message);

    void deleteBranch(Principal actor, RepoId id, String branch);

    void createTag(Principal actor, RepoId id, String tag, String revision, String message);

    void deleteTag(Principal actor, RepoId id, String tag);

    /**
     * The large files the repository holds (the Hub's {@code lfs-files}), oldest upload first; needs write access:
     * it lists uploads no commit names yet.
     */
    Page<LfsFile> lfsFiles(Principal actor, RepoId id, int offset, int limit);

    /**
     * Permanently removes large files from the repository (the Hub's {@code lfs-files/batch} without rewriting history;
     * needs admin access): commits that name them keep their pointers, which then read as pointer text, and
     * {@code chorus storage gc} frees the bytes once no repository holds them. Returns the oids the repository held.
     */
    List<String> deleteLfsFiles(Principal actor, RepoId id, Collection<String> sha256s);

    /** Whether this repository may reference the large file: it was uploaded to it, with this size. */
    boolean hasLargeFile(Repo repo, String sha256, long size);

    /** Records that verified bytes of a large file were uploaded for this repository. */
    void recordLargeFile(Repo repo, String sha256, long size);

    /** Re-reads the card, tags and head after refs moved outside {@link #commit} (a git push). */
    void refsChanged(Repo repo);

    /** Counts a download of the repository: all-time, per day ({@link DownloadStats}) and in its trending score. */
    void countDownload(Repo repo);

    /** Image extensions ({@link #countsAsDownload}). */
    java.util.Set<String> IMAGE_EXTENSIONS = java.util.Set.of("png", "jpg", "jpeg", "gif", "webp", "bmp", "ico", "avif", "svg");

    /**
     * Whether fetching this file counts as a download of its repository. Images do not: they are what cards and file
     * pages show, not what people download to use a model or dataset (the Hub likewise counts only the files a
     * library fetches to load a repository, never a card's pictures), so viewing a card does not inflate its count.
     */
    static boolean countsAsDownload(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot < path.lastIndexOf('/') || !IMAGE_EXTENSIONS.contains(path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    /** The model's ancestors and descendants up to {@code depth} steps, hiding repositories the caller cannot see. */
    FamilyTree family(Optional<Principal> caller, RepoId id, int depth);

    /** Base models (as named in the card) and how many visible models derive from this one. */
    Lineage lineage(Optional<Principal> caller, Repo repo);

    record Lineage(List<String> baseModels, String relation, long childrenCount) {}

    /** The repository with this internal id, with no permission check: only for callers holding a signed URL. */
    Optional<Repo> findById(String id);

    /** A server-wide secret shared by every node, for signing self-authenticating URLs. */
    byte[] signingKey();

    /** The git view of a repository, for the git smart-HTTP adapter; the caller closes it. */
    org.eclipse.jgit.lib.Repository openGit(Repo repo);
}
