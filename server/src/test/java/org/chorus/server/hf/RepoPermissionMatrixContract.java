package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller against every repository endpoint, for a private and a public repository of an organisation.
 * A private repository is invisible (404, or 401 for anonymous git and LFS which need a challenge) to those
 * without read access; read-only rights and read tokens get 403 on writes; only admins delete.
 */
abstract class RepoPermissionMatrixContract {
    @TempDir
    Path dir;
    ServerFixture server;
    final Map<String, String> tokens = new LinkedHashMap<>();

    abstract ServerFixture start(Path dataDir);

    enum Need { READ, WRITE, ADMIN }

    enum Protocol { API, GIT }

    record Endpoint(String name, String method, String path, String body, Need need, Protocol protocol) {}

    @BeforeEach
    void setUp() {
        server = start(dir);
        for (String u : List.of("boss", "reader", "writer", "other")) {
            tokens.put(u, HubFixtures.user(server, u, "write"));
        }
        tokens.put("writer-readtoken", HubFixtures.token(server, "writer", "read"));
        tokens.put("siteadmin", ServerFixture.ADMIN_TOKEN);
        assertThat(server.send("POST", "/api/chorus/orgs", tokens.get("boss"), "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/reader", tokens.get("boss"), "{\"role\":\"read\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/writer", tokens.get("boss"), "{\"role\":\"write\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void createRepo(String name, boolean isPrivate) {
        HttpResponse<String> r = server.send("POST", "/api/repos/create", tokens.get("boss"),
                "{\"name\":\"" + name + "\",\"organization\":\"lab\",\"type\":\"model\",\"private\":" + isPrivate + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static List<Endpoint> endpoints(String repo) {
        String api = "/api/models/lab/" + repo;
        String sha = "0".repeat(64);
        return List.of(
                new Endpoint("info", "GET", api, null, Need.READ, Protocol.API),
                new Endpoint("revision info", "GET", api + "/revision/main", null, Need.READ, Protocol.API),
                new Endpoint("tree", "GET", api + "/tree/main?recursive=true", null, Need.READ, Protocol.API),
                new Endpoint("paths-info", "POST", api + "/paths-info/main", "{\"paths\":[\".gitattributes\"]}", Need.READ, Protocol.API),
                new Endpoint("resolve", "GET", "/lab/" + repo + "/resolve/main/.gitattributes", null, Need.READ, Protocol.API),
                new Endpoint("resolve head", "HEAD", "/lab/" + repo + "/resolve/main/.gitattributes", null, Need.READ, Protocol.API),
                new Endpoint("commits", "GET", api + "/commits/main", null, Need.READ, Protocol.API),
                new Endpoint("refs", "GET", api + "/refs", null, Need.READ, Protocol.API),
                new Endpoint("family", "GET", "/api/chorus/models/lab/" + repo + "/family", null, Need.READ, Protocol.API),
                new Endpoint("lfs download batch", "POST", "/lab/" + repo + ".git/info/lfs/objects/batch",
                        "{\"operation\":\"download\",\"objects\":[]}", Need.READ, Protocol.GIT),
                new Endpoint("git fetch refs", "GET", "/lab/" + repo + "/info/refs?service=git-upload-pack", null, Need.READ, Protocol.GIT),
                new Endpoint("xet read token", "GET", api + "/xet-read-token/main", null, Need.READ, Protocol.API),
                new Endpoint("xet write token", "GET", api + "/xet-write-token/main", null, Need.WRITE, Protocol.API),
                new Endpoint("preupload", "POST", api + "/preupload/main",
                        "{\"files\":[{\"path\":\"a.txt\",\"size\":1,\"sample\":\"YQ==\"}]}", Need.WRITE, Protocol.API),
                new Endpoint("commit", "POST", api + "/commit/main",
                        "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"{who}.txt\",\"content\":\"x\"}}",
                        Need.WRITE, Protocol.API),
                new Endpoint("create branch", "POST", api + "/branch/b-{who}", "{}", Need.WRITE, Protocol.API),
                new Endpoint("create tag", "POST", api + "/tag/main", "{\"tag\":\"t-{who}\"}", Need.WRITE, Protocol.API),
                new Endpoint("lfs upload batch", "POST", "/lab/" + repo + ".git/info/lfs/objects/batch",
                        "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"" + sha + "\",\"size\":1}]}", Need.WRITE, Protocol.GIT),
                new Endpoint("git push refs", "GET", "/lab/" + repo + "/info/refs?service=git-receive-pack", null, Need.WRITE, Protocol.GIT),
                new Endpoint("settings", "PUT", api + "/settings", "{}", Need.ADMIN, Protocol.API));
    }

    /** What each caller holds on lab's repositories; anonymous is null. */
    static Need rights(String who, boolean isPrivate) {
        return switch (who) {
            case "siteadmin", "boss" -> Need.ADMIN;
            case "writer" -> Need.WRITE;
            case "reader", "writer-readtoken" -> Need.READ;
            default -> isPrivate ? null : Need.READ;
        };
    }

    static int expected(String who, boolean isPrivate, Endpoint e) {
        Need held = rights(who, isPrivate);
        if (held != null && held.compareTo(e.need()) >= 0) {
            return 200;
        }
        boolean anonymous = who.equals("anonymous");
        if (held == null) {
            return anonymous && e.protocol() == Protocol.GIT ? 401 : 404;
        }
        return anonymous ? 401 : 403;
    }

    private void walk(String repo, boolean isPrivate) {
        createRepo(repo, isPrivate);
        List<String> callers = new ArrayList<>(List.of("anonymous"));
        callers.addAll(tokens.keySet());
        List<String> failures = new ArrayList<>();
        for (Endpoint e : endpoints(repo)) {
            for (String who : callers) {
                String token = who.equals("anonymous") ? null : tokens.get(who);
                String body = e.body() == null ? null : e.body().replace("{who}", who);
                String path = e.path().replace("{who}", who);
                HttpResponse<String> r = server.send(e.method(), path, token, body);
                int want = expected(who, isPrivate, e);
                if (r.statusCode() != want) {
                    failures.add(e.name() + " as " + who + ": expected " + want + ", got " + r.statusCode() + " " + r.body());
                } else if (want == 404 && !r.headers().firstValue("X-Error-Code").orElse("").equals("RepoNotFound")) {
                    failures.add(e.name() + " as " + who + ": 404 without X-Error-Code RepoNotFound");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void privateRepositoryMatrix() {
        walk("secret", true);
    }

    @Test
    void publicRepositoryMatrix() {
        walk("open", false);
    }

    @Test
    void privateRepositoriesNeverAppearInListingsOrSearch() {
        createRepo("secret", true);
        createRepo("open", false);

        for (String who : List.of("anonymous", "other")) {
            String token = who.equals("anonymous") ? null : tokens.get(who);
            String body = server.get("/api/models?search=e&author=lab", token).body();
            assertThat(body).as(who).contains("lab/open").doesNotContain("lab/secret");
        }
        assertThat(server.get("/api/models?author=lab", tokens.get("reader")).body()).contains("lab/secret");
        assertThat(server.get("/api/models?author=lab", ServerFixture.ADMIN_TOKEN).body()).contains("lab/secret");
    }

    @Test
    void onlyAdminsDeleteAndDeletedRepositoriesAreGoneEverywhere() {
        createRepo("doomed", false);
        String body = "{\"name\":\"doomed\",\"organization\":\"lab\",\"type\":\"model\"}";

        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("writer"), body).statusCode()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("other"), body).statusCode()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("boss"), body).statusCode()).isEqualTo(200);

        for (Endpoint e : endpoints("doomed")) {
            HttpResponse<String> r = server.send(e.method(), e.path().replace("{who}", "boss"), tokens.get("boss"),
                    e.body() == null ? null : e.body().replace("{who}", "boss"));
            assertThat(r.statusCode()).as(e.name()).isEqualTo(404);
        }
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("boss"), body).statusCode()).isEqualTo(404);
    }
}
