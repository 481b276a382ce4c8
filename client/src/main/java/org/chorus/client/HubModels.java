package org.chorus.client;

/** What the SDK returns from the hub API. */
public final class HubModels {
    private HubModels() {}

    /** A file to upload: where it goes in the repository, and where its bytes are locally. */
    public record UploadFile(String pathInRepo, java.nio.file.Path localFile) {}

    public record RepoSummary(String id, boolean isPrivate, String lastModified, long downloads, long likes) {}

    /**
     * A repository as {@code repo info} shows it: its head commit, visibility, card tags, files and — for models — the
     * base models its card names with their relation ({@code fine-tune}, {@code adapter}, {@code quantized}, …).
     */
    public record RepoInfo(String id, String sha, boolean isPrivate, String lastModified, long downloads, long likes,
                           java.util.List<String> tags, java.util.List<String> files, java.util.List<String> baseModels,
                           String baseModelRelation, long childrenCount) {}

    /**
     * A large file a repository holds ({@code list_lfs_files}): its sha256, its path on the default branch ("" when only
     * older commits, or none, name it), size and upload time.
     */
    public record LfsFile(String sha256, String filename, long size, String pushedAt) {}

    /** A branch or tag and the commit it points at. */
    public record Ref(String name, String targetCommit) {}

    /** A repository's branches and tags. */
    public record Refs(java.util.List<Ref> branches, java.util.List<Ref> tags) {}

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
