package org.chorus.hub.repos;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.lfs.LargeFileStore;

/**
 * Commits whole files the server already holds (a federated round's weights, a registered model's artifacts) to a
 * repository in one commit, as the hub's own clients would: files of {@link Repos#MAX_REGULAR_FILE_BYTES} or more
 * go to the {@link LargeFileStore} and are committed as LFS pointers, smaller ones into git (unless their bytes look like
 * an LFS pointer: those are stored as large files too, so what is read back is always the bytes given).
 */
public interface FileCommits {

    static FileCommits create(Repos repos, LargeFileStore largeFiles) {
        return new LfsRoutingCommits(repos, largeFiles);
    }

    /** Applies the files (added or replaced; nothing else changes) on {@code branch} and returns the new commit id. */
    String commit(Principal actor, RepoId id, String branch, String summary, String description, List<File> files);

    /** Opens a file's bytes; called once for a small file and twice for a large one (hashing, then storing). */
    interface Source {
        InputStream open() throws IOException;
    }

    record File(String path, Source bytes) {
        public File {
            RepoPaths.requireNew(path);
        }

        public static File of(String path, byte[] bytes) {
            return new File(path, () -> new ByteArrayInputStream(bytes));
        }
    }
}
