package org.chorus.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.chorus.client.HubModels.CommitResult;
import org.chorus.client.HubModels.CommitSummary;
import org.chorus.client.HubModels.LfsFile;
import org.chorus.client.HubModels.Ref;
import org.chorus.client.HubModels.Refs;
import org.chorus.client.HubModels.RepoInfo;
import org.chorus.client.HubModels.RepoSummary;
import org.chorus.client.HubModels.TreeEntry;
import org.chorus.client.HubModels.UploadFile;
import org.chorus.xet.Blake3;

/** Model and dataset repositories through the Hugging Face-compatible API, as the official clients use it. */
public final class HubClient {
    private final Http http;
    private final Path stateDir;

    HubClient(Http http, Path stateDir) {
        this.http = http;
        this.stateDir = stateDir;
    }

    /** Creates the repository and returns its URL. */
    public String createRepo(RepoId repo, boolean isPrivate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repo.name());
        body.put("organization", repo.owner());
        body.put("type", repo.type().wire());
        body.put("private", isPrivate);
        Map<?, ?> reply = (Map<?, ?>) http.send("POST", "/api/repos/create", body);
        return String.valueOf(reply.get("url"));
    }

    public void deleteRepo(RepoId repo) {
        http.send("DELETE", "/api/repos/delete", Map.of("name", repo.name(), "organization", repo.owner(), "type", repo.type().wire()));
    }

    /** The repository at its default branch's head. */
    public RepoInfo info(RepoId repo) {
        Map<?, ?> m = (Map<?, ?>) http.send("GET", repo.apiPath(), null);
        List<String> files = new ArrayList<>();
        items(m.get("siblings")).forEach(s -> files.add(s instanceof Map<?, ?> f ? Models.str(f, "rfilename") : String.valueOf(s)));
        List<String> bases = new ArrayList<>();
        String relation = null;
        if (m.get("baseModels") instanceof Map<?, ?> b) {
            relation = Models.str(b, "relation");
            items(b.get("models")).forEach(o -> bases.add(Models.str((Map<?, ?>) o, "id")));
        }
        List<String> tags = new ArrayList<>();
        items(m.get("tags")).forEach(t -> tags.add(String.valueOf(t)));
        return new RepoInfo(Models.str(m, "id"), Models.str(m, "sha"), Boolean.TRUE.equals(m.get("private")), Models.str(m, "lastModified"),
                num(m.get("downloads")), num(m.get("likes")), tags, files, bases, relation, num(m.get("childrenModelCount")));
    }

    public Refs refs(RepoId repo) {
        Map<?, ?> m = (Map<?, ?>) http.send("GET", repo.apiPath() + "/refs", null);
        return new Refs(refList(m.get("branches")), refList(m.get("tags")));
    }

    /** Creates {@code branch} at {@code startingPoint} (a branch, tag or commit; null: the default branch's head). */
    public void createBranch(RepoId repo, String branch, String startingPoint) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (startingPoint != null) {
            body.put("startingPoint", startingPoint);
        }
        http.send("POST", repo.apiPath() + "/branch/" + enc(branch), body);
    }

    public void deleteBranch(RepoId repo, String branch) {
        http.send("DELETE", repo.apiPath() + "/branch/" + enc(branch), null);
    }

    /** Tags {@code revision} (a branch, tag or commit) as {@code tag}, with an optional message. */
    public void createTag(RepoId repo, String tag, String revision, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", tag);
        if (message != null) {
            body.put("message", message);
        }
        http.send("POST", repo.apiPath() + "/tag/" + enc(revision), body);
    }

    public void deleteTag(RepoId repo, String tag) {
        http.send("DELETE", repo.apiPath() + "/tag/" + enc(tag), null);
    }

    /** The large files the repository holds, oldest upload first, at most {@code limit} (write access). */
    public List<LfsFile> lfsFiles(RepoId repo, int limit) {
        return Pages.collect(http, repo.apiPath() + "/lfs-files?limit=" + Math.min(limit, 1000), limit,
                m -> new LfsFile(Models.str(m, "fileOid"), Models.str(m, "filename"), num(m.get("size")), Models.str(m, "pushedAt")));
    }

    /**
     * Removes large files from the repository for good, history not rewritten (admin access): commits that name them
     * show their pointers; the server's gc frees the bytes. Returns the sha256s the repository held.
     */
    public List<String> deleteLfsFiles(RepoId repo, List<String> sha256s) {
        Map<?, ?> reply = (Map<?, ?>) http.send("POST", repo.apiPath() + "/lfs-files/batch",
                Map.of("deletions", Map.of("sha", sha256s, "rewriteHistory", false)));
        List<String> deleted = new ArrayList<>();
        items(reply.get("deleted")).forEach(o -> deleted.add(String.valueOf(o)));
        return deleted;
    }

    /** Replaces the branch's history by one commit of its current files; returns that commit's id. */
    public String superSquash(RepoId repo, String branch, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (message != null) {
            body.put("message", message);
        }
        return Models.str((Map<?, ?>) http.send("POST", repo.apiPath() + "/super-squash/" + enc(branch), body), "commitOid");
    }

    /** Makes the repository private or public. */
    public void setPrivate(RepoId repo, boolean isPrivate) {
        http.send("PUT", repo.apiPath() + "/settings", Map.of("private", isPrivate));
    }

    /** Renames a repository or moves it to another owner, as the Hub's {@code POST /api/repos/move} does. */
    public void move(RepoId from, RepoId to) {
        if (from.type() != to.type()) {
            throw new IllegalArgumentException("a repository keeps its type: cannot move " + from + " to " + to);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fromRepo", from.fullName());
        body.put("toRepo", to.fullName());
        body.put("type", from.type().wire());
        http.send("POST", "/api/repos/move", body);
    }

    public List<RepoSummary> listRepos(RepoId.Type type, String author, String search, int limit) {
        StringBuilder q = new StringBuilder("/api/").append(type.plural()).append("?limit=").append(Math.min(limit, 1000));
        if (author != null) {
            q.append("&author=").append(enc(author));
        }
        if (search != null) {
            q.append("&search=").append(enc(search));
        }
        return Pages.collect(http, q.toString(), limit, m -> new RepoSummary(Models.str(m, "id"), Boolean.TRUE.equals(m.get("private")),
                Models.str(m, "lastModified"), num(m.get("downloads")), num(m.get("likes"))));
    }

    public List<TreeEntry> listFiles(RepoId repo, String revision) {
        return Pages.collect(http, repo.apiPath() + "/tree/" + enc(revision) + "?recursive=true", Integer.MAX_VALUE, m -> {
            Map<?, ?> lfs = m.get("lfs") instanceof Map<?, ?> l ? l : null;
            return new TreeEntry(Models.str(m, "type"), Models.str(m, "path"), num(m.get("size")), Models.str(m, "oid"),
                    lfs == null ? null : Models.str(lfs, "oid"));
        });
    }

    public List<CommitSummary> listCommits(RepoId repo, String revision) {
        return Pages.collect(http, repo.apiPath() + "/commits/" + enc(revision), Integer.MAX_VALUE, m -> {
            List<String> authors = new ArrayList<>();
            if (m.get("authors") instanceof List<?> list) {
                list.forEach(a -> authors.add(Models.str((Map<?, ?>) a, "user")));
            }
            return new CommitSummary(Models.str(m, "id"), Models.str(m, "title"), Models.str(m, "date"), authors);
        });
    }

    /**
     * Commits {@code files} to {@code branch} in one commit. Files the server wants in LFS go over Xet when the
     * server offers it (chunked here, only chunks the server lacks sent; see {@link XetUploader}), else through the
     * git-lfs batch API (hashed, uploaded resumably); both are committed as pointers, the rest travel inline. Files
     * whose content the branch already has are left out, and when that is all of them no commit is made
     * ({@link CommitResult#nothingToCommit()}).
     */
    public CommitResult upload(RepoId repo, String branch, List<UploadFile> files, String message, ProgressListener progress) {
        if (files.stream().anyMatch(f -> f.localFile().toFile().length() >= Blake3.SIMD_PAYS_FROM)) {
            // SIMD BLAKE3 compiles for seconds beside other work: begun before the requests, it is ready early in
            // a large file (a small upload never pays for it)
            Blake3.prepareSimd();
        }
        Map<String, String> modes = preupload(repo, branch, files);
        Map<String, TreeEntry> current = currentFiles(repo, branch);
        TransferTally tally = new TransferTally();
        boolean anyLarge = files.stream().anyMatch(f -> "lfs".equals(modes.get(f.pathInRepo())));
        Optional<XetCas> cas = anyLarge ? XetCas.open(http, repo, branch) : Optional.empty();
        List<LfsUploader.LfsFile> lfs = new ArrayList<>();
        List<XetUploader.Uploaded> xet = new ArrayList<>();
        // Each commit line is written after the Xet shard's answer, which names the SHA-256 (the oid) of a Xet file
        // not hashed here.
        List<Supplier<String>> lines = new ArrayList<>();
        String header = Http.json(Map.of("key", "header", "value", Map.of("summary", message, "description", "")));
        lines.add(() -> header);
        try (XetUploader xetUploader = cas.map(c -> new XetUploader(c, progress, tally)).orElse(null)) {
            for (UploadFile f : files) {
                long size = size(f.localFile());
                TreeEntry there = current.get(f.pathInRepo());
                if ("lfs".equals(modes.get(f.pathInRepo()))) {
                    // Hashed here only where the branch holds a file of this size, which it may equal: then nothing
                    // is sent and no shard registers it again. Otherwise the server names the SHA-256.
                    boolean mayBeUnchanged = there != null && there.lfsOid() != null && there.size() == size;
                    XetUploader.Uploaded sent = xetUploader == null ? null : xetUploader.add(f.pathInRepo(), f.localFile(), mayBeUnchanged);
                    String sha = sent != null ? (mayBeUnchanged ? sent.sha256() : null)
                            : Hashes.sha256(f.localFile(), counter(f.pathInRepo(), "hashing", size, progress));
                    if (sha != null && sha.equals(there == null ? null : there.lfsOid())) {
                        continue;
                    }
                    if (sent != null) {
                        xet.add(sent);
                    } else {
                        lfs.add(new LfsUploader.LfsFile(f.pathInRepo(), f.localFile(), sha, size));
                    }
                    lines.add(() -> lfsFileLine(f.pathInRepo(), sha != null ? sha : sent.sha256(), size));
                } else {
                    if (there != null && there.lfsOid() == null && Hashes.gitBlobSha1(f.localFile()).equals(there.oid())) {
                        continue;
                    }
                    String line = Http.json(Map.of("key", "file", "value", Map.of("path", f.pathInRepo(), "encoding", "base64",
                            "content", Base64.getEncoder().encodeToString(read(f.localFile())))));
                    lines.add(() -> line);
                    tally.sent.addAndGet(size);
                    progress.progress(f.pathInRepo(), "uploading", size, size);
                }
            }
            if (lines.size() == 1) {
                return new CommitResult(null, null, 0, tally.sent.get(), tally.deduplicated.get());
            }
            if (xetUploader != null) {
                xetUploader.finish(xet);
            }
        }
        new LfsUploader(http, stateDir.resolve("uploads")).upload(repo, branch, lfs, progress, tally);
        Map<?, ?> reply = (Map<?, ?>) Http.parse(http.call("POST", repo.apiPath() + "/commit/" + enc(branch),
                "application/x-ndjson", lines.stream().map(Supplier::get).collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8)).body());
        return new CommitResult(Models.str(reply, "commitOid"), Models.str(reply, "commitUrl"), lines.size() - 1,
                tally.sent.get(), tally.deduplicated.get());
    }

    private static String lfsFileLine(String path, String sha256, long size) {
        return Http.json(Map.of("key", "lfsFile", "value", Map.of("path", path, "algo", "sha256", "oid", sha256, "size", size)));
    }

    /** The branch's files by path; none for a branch that does not exist yet (a new repository's first commit). */
    private Map<String, TreeEntry> currentFiles(RepoId repo, String branch) {
        Map<String, TreeEntry> byPath = new LinkedHashMap<>();
        try {
            listFiles(repo, branch).stream().filter(e -> "file".equals(e.type())).forEach(e -> byPath.put(e.path(), e));
        } catch (ChorusClientException e) {
            if (e.status() != 404 || "RepoNotFound".equals(e.errorCode())) {
                throw e;
            }
        }
        return byPath;
    }

    private Map<String, String> preupload(RepoId repo, String branch, List<UploadFile> files) {
        Map<String, String> modes = new LinkedHashMap<>();
        for (int from = 0; from < files.size(); from += 100) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (UploadFile f : files.subList(from, Math.min(files.size(), from + 100))) {
                batch.add(Map.of("path", f.pathInRepo(), "size", size(f.localFile()),
                        "sample", Base64.getEncoder().encodeToString(head(f.localFile()))));
            }
            Map<?, ?> reply = (Map<?, ?>) http.send("POST", repo.apiPath() + "/preupload/" + enc(branch), Map.of("files", batch));
            for (Object o : (List<?>) reply.get("files")) {
                Map<?, ?> m = (Map<?, ?>) o;
                modes.put(Models.str(m, "path"), Models.str(m, "uploadMode"));
            }
        }
        return modes;
    }

    /**
     * Downloads one file into {@code cacheRoot}, keyed by the commit the revision resolves to, and returns its
     * path there. A file already cached for that commit is not fetched again; an interrupted download resumes.
     */
    public Path download(RepoId repo, String revision, String path, Path cacheRoot, ProgressListener progress) {
        return new Downloader(http).download(repo, revision, path, cacheRoot, progress);
    }

    private static List<?> items(Object list) {
        return list instanceof List<?> l ? l : List.of();
    }

    private static List<Ref> refList(Object list) {
        List<Ref> out = new ArrayList<>();
        items(list).forEach(o -> out.add(new Ref(Models.str((Map<?, ?>) o, "name"), Models.str((Map<?, ?>) o, "targetCommit"))));
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static java.util.function.LongConsumer counter(String path, String phase, long total, ProgressListener p) {
        long[] done = {0};
        return n -> p.progress(path, phase, done[0] += n, total);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    private static byte[] head(Path p) {
        try (var in = Files.newInputStream(p)) {
            return in.readNBytes(512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
