package org.chorus.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Uploads large files through the git-lfs batch API with HF's {@code multipart} transfer. Finished parts are
 * remembered on disk per object, so an interrupted upload resumes where it stopped instead of starting over.
 */
final class LfsUploader {
    /** A large file that will be committed as an LFS pointer. */
    record LfsFile(String path, Path file, String sha256, long size) {}

    private final Http http;
    private final Path stateDir;

    LfsUploader(Http http, Path stateDir) {
        this.http = http;
        this.stateDir = stateDir;
    }

    void upload(RepoId repo, String branch, List<LfsFile> files, ProgressListener progress, TransferTally tally) {
        if (files.isEmpty()) {
            return;
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("operation", "upload");
        request.put("transfers", List.of("basic", "multipart"));
        request.put("hash_algo", "sha_256");
        request.put("ref", Map.of("name", branch));
        List<Map<String, Object>> objects = new ArrayList<>();
        for (LfsFile f : files) {
            objects.add(Map.of("oid", f.sha256(), "size", f.size()));
        }
        request.put("objects", objects);
        Map<?, ?> reply = (Map<?, ?>) sendLfsJson(repo.urlPath() + ".git/info/lfs/objects/batch", request, true);
        Map<String, LfsFile> byOid = new LinkedHashMap<>();
        files.forEach(f -> byOid.put(f.sha256(), f));
        for (Object o : (List<?>) reply.get("objects")) {
            Map<?, ?> obj = (Map<?, ?>) o;
            LfsFile file = byOid.get(String.valueOf(obj.get("oid")));
            if (file == null) {
                throw new ChorusClientException(0, null, "the server answered for an object that was not asked for: " + obj.get("oid"));
            }
            if (obj.get("error") instanceof Map<?, ?> error) {
                throw new ChorusClientException(((Number) error.get("code")).intValue(), null,
                        "cannot upload " + file.path() + ": " + error.get("message"));
            }
            Map<?, ?> actions = (Map<?, ?>) obj.get("actions");
            if (actions == null || actions.get("upload") == null) {
                tally.deduplicated.addAndGet(file.size());
                progress.deduplicated(file.path(), file.size());
                progress.progress(file.path(), "uploading", file.size(), file.size());
                continue;
            }
            transfer(file, (Map<?, ?>) actions.get("upload"), progress, tally);
            if (actions.get("verify") instanceof Map<?, ?> verify) {
                sendLfsJson(String.valueOf(verify.get("href")), Map.of("oid", file.sha256(), "size", file.size()), false);
            }
        }
    }

    private void transfer(LfsFile file, Map<?, ?> upload, ProgressListener progress, TransferTally tally) {
        Map<?, ?> header = upload.get("header") instanceof Map<?, ?> h ? h : Map.of();
        AtomicLong sent = new AtomicLong();
        java.util.function.LongConsumer counter = n -> {
            tally.sent.addAndGet(n);
            progress.progress(file.path(), "uploading", sent.addAndGet(n), file.size());
        };
        if (header.get("chunk_size") == null) {
            HttpRequest.Builder put = http.request(String.valueOf(upload.get("href")));
            header.forEach((k, v) -> put.header(k.toString(), v.toString()));
            put.PUT(FileBodies.slice(file.file(), 0, file.size(), counter));
            http.exchange(put.build(), HttpResponse.BodyHandlers.discarding());
            return;
        }
        long chunk = Long.parseLong(header.get("chunk_size").toString());
        TreeMap<Integer, String> parts = new TreeMap<>();
        header.forEach((k, v) -> {
            if (k.toString().matches("[0-9]+")) {
                parts.put(Integer.parseInt(k.toString()), v.toString());
            }
        });
        if (parts.size() != (int) ((file.size() + chunk - 1) / chunk)) {
            throw new ChorusClientException(0, null, "the server offered " + parts.size() + " parts for " + file.path() + " of " + file.size() + " bytes");
        }
        Map<Integer, String> done = readState(file.sha256());
        done.keySet().forEach(p -> sent.addAndGet(Math.min(chunk, file.size() - (p - 1) * chunk)));
        List<Map<String, Object>> etags = new ArrayList<>();
        for (Map.Entry<Integer, String> part : parts.entrySet()) {
            int number = part.getKey();
            String etag = done.get(number);
            if (etag == null) {
                long offset = (number - 1) * chunk;
                long length = Math.min(chunk, file.size() - offset);
                HttpRequest put = http.request(part.getValue())
                        .PUT(FileBodies.slice(file.file(), offset, length, counter))
                        .build();
                etag = http.exchange(put, HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag")
                        .orElseThrow(() -> new ChorusClientException(0, null, "the server sent no ETag for part " + number + " of " + file.path()));
                recordPart(file.sha256(), number, etag);
            }
            etags.add(Map.of("partNumber", number, "etag", etag));
        }
        sendLfsJson(String.valueOf(upload.get("href")), Map.of("oid", file.sha256(), "parts", etags), false);
        forget(file.sha256());
    }

    private Object sendLfsJson(String url, Object body, boolean parseReply) {
        try {
            HttpRequest req = http.request(url)
                    .header("Accept", "application/vnd.git-lfs+json")
                    .header("Content-Type", "application/vnd.git-lfs+json")
                    .POST(HttpRequest.BodyPublishers.ofString(com.fasterxml.jackson.jr.ob.JSON.std.asString(body)))
                    .build();
            String reply = http.exchange(req, HttpResponse.BodyHandlers.ofString()).body();
            return parseReply ? Http.parse(reply) : null;
        } catch (IOException e) {
            throw new ChorusClientException("cannot encode an LFS request: " + e.getMessage(), e);
        }
    }

    private Path stateFile(String oid) {
        return stateDir.resolve(oid + ".parts");
    }

    private Map<Integer, String> readState(String oid) {
        Map<Integer, String> parts = new TreeMap<>();
        Path f = stateFile(oid);
        if (!Files.isRegularFile(f)) {
            return parts;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String[] kv = line.split(" ", 2);
                if (kv.length == 2 && kv[0].matches("[0-9]+")) {
                    parts.put(Integer.parseInt(kv[0]), kv[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upload state " + f, e);
        }
        return parts;
    }

    private void recordPart(String oid, int number, String etag) {
        try {
            Files.createDirectories(stateDir);
            Files.writeString(stateFile(oid), number + " " + etag + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record upload state in " + stateDir, e);
        }
    }

    private void forget(String oid) {
        try {
            Files.deleteIfExists(stateFile(oid));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
