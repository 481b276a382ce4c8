package org.chorus.hub.repos;

/**
 * One change in a commit. Paths are checked with {@link RepoPaths} when the operation is made: paths a change creates
 * with {@link RepoPaths#requireNew}, paths it removes with {@link RepoPaths#require} (a file named before these rules
 * can still be deleted).
 */
public sealed interface CommitOp {
    String path();

    /** A regular file stored in git. */
    record AddFile(String path, byte[] content) implements CommitOp {
        public AddFile {
            RepoPaths.requireNew(path);
        }
    }

    /**
     * A large file stored as an LFS pointer; its bytes must already have been uploaded to this repository.
     * A negative size means "the size it was uploaded with" (how clients copy a large file they only know by oid).
     */
    record AddLfsFile(String path, String sha256, long size) implements CommitOp {
        public AddLfsFile {
            RepoPaths.requireNew(path);
        }
    }

    record DeleteFile(String path) implements CommitOp {
        public DeleteFile {
            RepoPaths.require(path);
        }
    }

    /** Deletes every file under a directory. */
    record DeleteFolder(String path) implements CommitOp {
        public DeleteFolder {
            RepoPaths.require(path);
        }
    }
}
