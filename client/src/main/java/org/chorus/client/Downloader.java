package org.chorus.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Downloads into a cache laid out as {@code <root>/<models|datasets>/<owner>/<name>/<commit>/<path>}. Bytes land in
 * a {@code .incomplete} file first, are checked against the server's ETag (SHA-256 for LFS files, git's blob
 * SHA-1 otherwise) and only then moved into place.
 */
final class Downloader {
    private final Http http;

    Downloader(Http http) {
        this.http = http;
    }

    Path download(RepoId repo, String revision, String path, Path cacheRoot, ProgressListener progress) {
        String url = repo.urlPath() + "/resolve/" + HubClient.enc(revision) + "/" + encodePath(path);
        HttpHeaders head = http.exchange(http.request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).headers();
        String commit = head.firstValue("X-Repo-Commit").orElseThrow(() -> new ChorusClientException(0, null,
                "the server did not say which commit " + revision + " is (no X-Repo-Commit)"));
        Path repoDir = cacheRoot.resolve(repo.type().plural()).resolve(repo.owner()).resolve(repo.name()).resolve(commit).normalize();
        Path target = repoDir.resolve(path).normalize();
        if (!target.startsWith(repoDir) || !commit.matches("[0-9a-f]{40,64}")) {
            throw new ChorusClientException(0, null, "refusing to write outside the cache: " + path);
        }
        if (Files.isRegularFile(target)) {
            return target;
        }
        String etag = head.firstValue("X-Linked-Etag").or(() -> head.firstValue("ETag")).map(Downloader::unquote).orElse("");
        Path partial = target.resolveSibling(target.getFileName() + ".incomplete");
        fetch(repo.urlPath() + "/resolve/" + commit + "/" + encodePath(path), partial, path, progress);
        verify(partial, etag, path);
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + partial + " into place", e);
        }
        return target;
    }

    private void fetch(String url, Path partial, String path, ProgressListener progress) {
        try {
            Files.createDirectories(partial.getParent());
            long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
            HttpRequest.Builder get = http.request(url).GET();
            if (have > 0) {
                get.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> r = http.exchange(get.build(), HttpResponse.BodyHandlers.ofInputStream());
            boolean resumed = r.statusCode() == 206;
            long total = r.headers().firstValueAsLong("Content-Length").orElse(-1) + (resumed ? have : 0);
            long done = resumed ? have : 0;
            try (InputStream in = r.body();
                 OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 20];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    progress.progress(path, "downloading", done, total);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("download of " + path + " stopped; run it again to resume", e);
        }
    }

    private static void verify(Path file, String etag, String path) {
        String actual;
        if (etag.matches("[0-9a-f]{64}")) {
            actual = Hashes.sha256(file, n -> { });
        } else if (etag.matches("[0-9a-f]{40}")) {
            actual = Hashes.gitBlobSha1(file);
        } else {
            return;
        }
        if (!actual.equals(etag)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new ChorusClientException(0, null, "downloaded " + path + " does not match its ETag " + etag + " (got " + actual + ")");
        }
    }

    private static String unquote(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.replace("\"", "");
    }

    /** A repository path for a URL: each segment encoded, the slashes kept. */
    static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/")) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(HubClient.enc(seg));
        }
        return sb.toString();
    }
}
