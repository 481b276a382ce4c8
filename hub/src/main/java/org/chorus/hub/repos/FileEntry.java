package org.chorus.hub.repos;

/**
 * A file resolved at a revision, ready to stream: {@code commit} is the resolved commit, {@code blobId} the
 * git blob, and for LFS files {@code lfs} names the large file whose bytes the client gets.
 */
public record FileEntry(String commit, String path, String blobId, long size, TreeEntry.Lfs lfs) {

    /** The ETag the Hub sends: the sha256 for large files, the git blob id otherwise. */
    public String etag() {
        return "\"" + (lfs != null ? lfs.oid() : blobId) + "\"";
    }
}
