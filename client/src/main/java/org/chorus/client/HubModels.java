package org.chorus.client;

/** What the SDK returns from the hub API. */
public final class HubModels {
    private HubModels() {}

    /** A file to upload: where it goes in the repository, and where its bytes are locally. */
    public record UploadFile(String pathInRepo, java.nio.file.Path localFile) {}

    public record RepoSummary(String id, boolean isPrivate, String lastModified, long downloads, long likes) {}

    public record CommitSummary(String id, String title, String date, java.util.List<String> authors) {}

    public record TreeEntry(String type, String path, long size, String oid, String lfsOid) {}

    /**
     * A commit of {@code filesChanged} files; when none differed from the branch, no commit was made and both ids are
     * null. {@code bytesSent}: what went over the wire (xorbs and shard, LFS objects, inline files);
     * {@code bytesDeduplicated}: content not sent because the server already held it.
     */
    public record CommitResult(String commitOid, String commitUrl, int filesChanged, long bytesSent, long bytesDeduplicated) {
        public boolean nothingToCommit() {
            return filesChanged == 0;
        }
    }
}
