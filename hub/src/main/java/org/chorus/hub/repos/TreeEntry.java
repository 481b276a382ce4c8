package org.chorus.hub.repos;

/**
 * A file or directory at a revision. For LFS files {@code size} is the large file's size and {@code lfs}
 * holds its oid and the pointer's size; {@code lastCommit} is filled only when asked for.
 */
public record TreeEntry(String path, boolean directory, long size, String oid, Lfs lfs, CommitInfo lastCommit) {
    public record Lfs(String oid, long size, long pointerSize) {}

    TreeEntry withLastCommit(CommitInfo commit) {
        return new TreeEntry(path, directory, size, oid, lfs, commit);
    }
}
