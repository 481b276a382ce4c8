package org.chorus.hub.repos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.hub.lfs.LfsPointer;

/**
 * {@link FileCommits} that reads each file up to the LFS threshold and only hashes and stores the ones that reach it.
 * A small file whose bytes happen to be an LFS pointer is stored as a large file too: the server commits content,
 * never references, and as a regular file it would be refused (or, read back, be taken for the file it names).
 */
final class LfsRoutingCommits implements FileCommits {
    private final Repos repos;
    private final LargeFileStore largeFiles;

    LfsRoutingCommits(Repos repos, LargeFileStore largeFiles) {
        this.repos = repos;
        this.largeFiles = largeFiles;
    }

    @Override
    public String commit(Principal actor, RepoId id, String branch, String summary, String description, List<File> files) {
        Repo repo = repos.requireWrite(Optional.of(actor), id);
        List<CommitOp> ops = new ArrayList<>();
        for (File f : files) {
            ops.add(op(repo, f));
        }
        return repos.commit(actor, id, new CommitRequest(branch, summary, description, null, ops));
    }

    private CommitOp op(Repo repo, File f) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long size;
            try (InputStream in = f.bytes().open()) {
                byte[] head = in.readNBytes((int) Repos.MAX_REGULAR_FILE_BYTES);
                if (head.length < Repos.MAX_REGULAR_FILE_BYTES && LfsPointer.parse(head).isEmpty()) {
                    return new CommitOp.AddFile(f.path(), head);
                }
                sha.update(head);
                size = head.length + in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
            }
            String oid = HexFormat.of().formatHex(sha.digest());
            try (InputStream again = f.bytes().open()) {
                largeFiles.put(oid, size, again);
            }
            repos.recordLargeFile(repo, oid, size);
            return new CommitOp.AddLfsFile(f.path(), oid, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read '" + f.path() + "' for the commit", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
