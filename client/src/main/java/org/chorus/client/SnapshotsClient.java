package org.chorus.client;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Hub snapshots (site admins): export the hub's public repositories as Parquet into a dataset repository, import a
 * snapshot of another hub as a named ecosystem, list and remove ecosystems. Exports and imports of millions of rows
 * take minutes, so they go over the streaming client without the short calls' read timeout.
 */
public final class SnapshotsClient {
    /** A snapshot committed to {@code repo} at {@code sha}. */
    public record Exported(String repo, String sha, long models, long datasets) {}

    /** What an import loaded into ecosystem {@code name}. */
    public record Imported(String name, String type, long imported, long skipped) {}

    /** An ecosystem: the live hub ({@code source} "live", counts -1) or an imported snapshot. */
    public record Ecosystem(String name, String source, long models, long datasets, String importedAt) {}

    private final Http http;

    SnapshotsClient(Http http) {
        this.http = http;
    }

    /** Exports now into dataset repository {@code repo} ({@code owner/name}; null: the previous export's, else yours/hub-stats). */
    public Exported export(String repo) {
        String path = "/api/chorus/snapshots/export" + (repo == null ? "" : "?repo=" + enc(repo));
        Map<?, ?> m = (Map<?, ?>) Http.parse(http.exchange(http.request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        return new Exported(Models.str(m, "repo"), Models.str(m, "sha"), num(m, "models"), num(m, "datasets"));
    }

    /** Uploads a snapshot's Parquet file as the {@code type} (model or dataset) repositories of ecosystem {@code name}. */
    public Imported importFile(Path file, String name, String type) {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String path = "/api/chorus/ecosystems/" + enc(name) + "?type=" + enc(type) + "&source=" + enc(String.valueOf(file.getFileName()));
        Map<?, ?> m = (Map<?, ?>) Http.parse(http.exchange(http.request(path).header("Content-Type", "application/vnd.apache.parquet")
                .POST(body).build(), HttpResponse.BodyHandlers.ofString()).body());
        return new Imported(Models.str(m, "name"), Models.str(m, "type"), num(m, "imported"), num(m, "skipped"));
    }

    public List<Ecosystem> ecosystems() {
        List<Ecosystem> out = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", "/api/chorus/ecosystems", null)) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Ecosystem(Models.str(m, "name"), Models.str(m, "source"), m.containsKey("models") ? num(m, "models") : -1,
                    m.containsKey("datasets") ? num(m, "datasets") : -1, Models.str(m, "importedAt")));
        }
        return out;
    }

    public void delete(String name) {
        http.send("DELETE", "/api/chorus/ecosystems/" + enc(name), null);
    }

    private static long num(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
