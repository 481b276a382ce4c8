package org.chorus.hub.repos;

import org.chorus.hub.lfs.LfsPointer;

/**
 * A file or directory at a revision. For LFS files {@code size} is the large file's size and {@code lfs}
 * holds its oid and the pointer's size; {@code lastCommit} is filled only when asked for.
 */
public record TreeEntry(String path, boolean directory, long size, String oid, Lfs lfs, CommitInfo lastCommit) {
    public record Lfs(String oid, long size, long pointerSize) {
        LfsPointer pointer() {
            return new LfsPointer(oid, size);
        }
    }

    TreeEntry withLastCommit(CommitInfo commit) {
        return new TreeEntry(path, directory, size, oid, lfs, commit);
    }

    /** This LFS entry as the plain file git holds: the pointer's text. */
    TreeEntry asPointerText() {
        return new TreeEntry(path, directory, lfs.pointerSize(), oid, null, lastCommit);
    }
}
