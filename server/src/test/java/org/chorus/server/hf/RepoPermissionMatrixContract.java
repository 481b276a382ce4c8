package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.chorus.server.web.RepoFixtures;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every caller against every repository endpoint, for a private and a public repository of an organisation.
 * A private repository is invisible (404, or 401 for anonymous git and LFS which need a challenge) to those
 * without read access; read-only rights and read tokens get 403 on writes; only admins delete.
 */
abstract class RepoPermissionMatrixContract extends ServerContract {
    final Map<String, String> tokens = new LinkedHashMap<>();

    enum Need { READ, WRITE, ADMIN }

    /**
     * PAGE: a web page (server.web); an invisible repository gets the 404 page, for anonymous callers too. ACTION: a
     * page's form post (the like button), sent with a pre-session CSRF cookie and the same token in the header: it
     * answers 303 back to the page for a signed-in caller with a write token who may read the repository.
     */
    enum Protocol { API, GIT, PAGE, ACTION }
    static final String CSRF = "c".repeat(43);

    record Endpoint(String name, String method, String path, String body, Need need, Protocol protocol) {}

    @BeforeEach
    void setUp() {
        for (String u : List.of("boss", "reader", "writer", "other")) {
            tokens.put(u, HubFixtures.user(server, u, "write"));
        }
        tokens.put("writer-readtoken", HubFixtures.token(server, "writer", "read"));
        tokens.put("siteadmin", ServerFixture.ADMIN_TOKEN);
        assertThat(server.send("POST", "/api/chorus/orgs", tokens.get("boss"), "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/reader", tokens.get("boss"), "{\"role\":\"read\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/writer", tokens.get("boss"), "{\"role\":\"write\"}").statusCode()).isEqualTo(200);
    }

    /** A model and a dataset of that name (the dataset for the viewer's endpoints). */
    private void createRepo(String name, boolean isPrivate) {
        for (String type : List.of("model", "dataset")) {
            HttpResponse<String> r = server.send("POST", "/api/repos/create", tokens.get("boss"),
                    "{\"name\":\"" + name + "\",\"organization\":\"lab\",\"type\":\"" + type + "\",\"private\":" + isPrivate + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
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
                new Endpoint("family tree (explorer)", "GET", "/api/chorus/explore/families/lab/" + repo, null, Need.READ, Protocol.API),
                new Endpoint("lineage drift", "GET", "/api/chorus/explore/drift/lab/" + repo, null, Need.READ, Protocol.API),
                new Endpoint("family tree page", "GET", "/explore/families/lab/" + repo, null, Need.READ, Protocol.PAGE),
                new Endpoint("dataset viewer splits", "GET", "/api/datasets-server/splits?dataset=lab/" + repo, null, Need.READ, Protocol.API),
                new Endpoint("dataset viewer is-valid", "GET", "/api/datasets-server/is-valid?dataset=lab/" + repo, null, Need.READ, Protocol.API),
                new Endpoint("dataset viewer parquet", "GET", "/api/datasets-server/parquet?dataset=lab/" + repo, null, Need.READ, Protocol.API),
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
                new Endpoint("super-squash", "POST", api + "/super-squash/main", "{\"message\":\"squash by {who}\"}", Need.WRITE, Protocol.API),
                new Endpoint("lfs upload batch", "POST", "/lab/" + repo + ".git/info/lfs/objects/batch",
                        "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"" + sha + "\",\"size\":1}]}", Need.WRITE, Protocol.GIT),
                new Endpoint("git push refs", "GET", "/lab/" + repo + "/info/refs?service=git-receive-pack", null, Need.WRITE, Protocol.GIT),
                new Endpoint("settings", "PUT", api + "/settings", "{}", Need.ADMIN, Protocol.API),
                new Endpoint("lfs files", "GET", api + "/lfs-files", null, Need.WRITE, Protocol.API),
                new Endpoint("delete lfs files", "POST", api + "/lfs-files/batch",
                        "{\"deletions\":{\"sha\":[\"" + sha + "\"],\"rewriteHistory\":false}}", Need.ADMIN, Protocol.API),
                new Endpoint("repository page", "GET", "/lab/" + repo, null, Need.READ, Protocol.PAGE),
                new Endpoint("files page", "GET", "/lab/" + repo + "/tree/main", null, Need.READ, Protocol.PAGE),
                new Endpoint("files page, last commits", "GET", "/lab/" + repo + "/tree/main?commits=1", null, Need.READ, Protocol.PAGE),
                new Endpoint("file page", "GET", "/lab/" + repo + "/blob/main/.gitattributes", null, Need.READ, Protocol.PAGE),
                new Endpoint("history page", "GET", "/lab/" + repo + "/commits/main", null, Need.READ, Protocol.PAGE),
                new Endpoint("commit page", "GET", "/lab/" + repo + "/commit/main", null, Need.READ, Protocol.PAGE),
                new Endpoint("branches and tags page", "GET", "/lab/" + repo + "/refs", null, Need.READ, Protocol.PAGE),
                new Endpoint("settings page", "GET", "/lab/" + repo + "/settings", null, Need.WRITE, Protocol.PAGE),
                new Endpoint("upload page", "GET", "/lab/" + repo + "/upload/main", null, Need.WRITE, Protocol.PAGE),
                new Endpoint("edit page", "GET", "/lab/" + repo + "/edit/main/README.md", null, Need.WRITE, Protocol.PAGE),
                new Endpoint("delete page", "GET", "/lab/" + repo + "/delete/main", null, Need.WRITE, Protocol.PAGE),
                new Endpoint("dataset viewer page", "GET", "/datasets/lab/" + repo + "/viewer", null, Need.READ, Protocol.PAGE),
                new Endpoint("file history page", "GET", "/lab/" + repo + "/commits/main/.gitattributes", null, Need.READ, Protocol.PAGE),
                new Endpoint("like button", "POST", "/lab/" + repo + "/like", "like=true", Need.READ, Protocol.ACTION));
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
        if (e.protocol() == Protocol.ACTION) {
            // likes need a person (signed in) and a write token, on any repository they may read
            return held == null ? 404 : who.equals("anonymous") ? 401 : who.equals("writer-readtoken") ? 403 : 303;
        }
        if (held != null && held.compareTo(e.need()) >= 0) {
            return 200;
        }
        boolean anonymous = who.equals("anonymous");
        if (held == null) {
            return anonymous && e.protocol() == Protocol.GIT ? 401 : 404;
        }
        if (anonymous && e.protocol() == Protocol.PAGE) {
            return 303; // a page asks an anonymous visitor to sign in first
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
                HttpResponse<String> r = e.protocol() == Protocol.ACTION ? action(path, token, body) : server.send(e.method(), path, token, body);
                int want = expected(who, isPrivate, e);
                if (r.statusCode() != want) {
                    failures.add(e.name() + " as " + who + ": expected " + want + ", got " + r.statusCode() + " " + r.body());
                } else if (want == 404 && (e.protocol() == Protocol.PAGE || e.protocol() == Protocol.ACTION)) {
                    if (!r.body().contains("Page not found")) {
                        failures.add(e.name() + " as " + who + ": 404 without the 404 page");
                    }
                } else if (want == 404 && !r.headers().firstValue("X-Error-Code").orElse("").equals("RepoNotFound")) {
                    failures.add(e.name() + " as " + who + ": 404 without X-Error-Code RepoNotFound");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    private HttpResponse<String> action(String path, String token, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path)).POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "chorus_csrf=" + CSRF).header("X-CSRF-Token", CSRF);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPageActionWithoutItsCsrfTokenChangesNothing() {
        createRepo("liked", false);
        HttpResponse<String> r = server.send("POST", "/lab/liked/like", tokens.get("boss"), null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(server.get("/api/models/lab/liked", null).body()).contains("\"likes\":0");
        assertThat(action("/lab/liked/like", tokens.get("boss"), "like=true").statusCode()).isEqualTo(303);
        assertThat(server.get("/api/models/lab/liked", null).body()).contains("\"likes\":1");
    }

    @Test
    void privateRepositoryMatrix() {
        walk("secret", true);
    }

    @Test
    void publicRepositoryMatrix() {
        walk("open", false);
    }

    /** One way of committing a pointer to a large file at {@code path}: an NDJSON body, or (null) git push. */
    record PointerRoute(String name, String path, String ndjson) {}

    static String pointer(String oid, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + size + "\n";
    }

    static List<PointerRoute> pointerRoutes(String oid, long size) {
        String header = "{\"key\":\"header\",\"value\":{\"summary\":\"borrow\"}}\n";
        String text = HubApiContract.quote(pointer(oid, size));
        String base64 = HubApiContract.quote(Base64.getEncoder().encodeToString(pointer(oid, size).getBytes(StandardCharsets.UTF_8)));
        return List.of(
                new PointerRoute("NDJSON file", "plain.bin", header + "{\"key\":\"file\",\"value\":{\"path\":\"plain.bin\",\"content\":" + text + "}}"),
                new PointerRoute("NDJSON file, base64", "b64.bin",
                        header + "{\"key\":\"file\",\"value\":{\"path\":\"b64.bin\",\"content\":" + base64 + ",\"encoding\":\"base64\"}}"),
                new PointerRoute("NDJSON file that .gitattributes sends to LFS", "tracked.bin", header
                        + HubApiContract.file(".gitattributes", "tracked.bin filter=lfs diff=lfs merge=lfs -text\n") + "\n"
                        + "{\"key\":\"file\",\"value\":{\"path\":\"tracked.bin\",\"content\":" + text + "}}"),
                new PointerRoute("NDJSON lfsFile", "lfs.bin",
                        header + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"lfs.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":" + size + "}}"),
                new PointerRoute("NDJSON lfsFile copied by oid", "copy.bin",
                        header + "{\"key\":\"lfsFile\",\"value\":{\"path\":\"copy.bin\",\"oid\":\"" + oid + "\"}}"),
                new PointerRoute("git push", "pushed.bin", null));
    }

    /**
     * The hub's only secret is bytes: a caller who knows the sha256 and size of a large file in a private repository
     * must not get its bytes by committing a pointer to it anywhere it may write — on any commit route, whatever it
     * may read. Only the repository the bytes were uploaded to may point at them. Registry publishing and federated
     * rounds commit server-held content ({@code PublishToHubContract}, {@code ReposContract}).
     */
    @Test
    void noCallerGetsAPrivateLargeFileByCommittingAPointerToIt() throws Exception {
        createRepo("secret", true);
        createRepo("open", false);
        byte[] secret = "weights nobody else may read ".repeat(70).getBytes(StandardCharsets.UTF_8);
        String oid = HubApiContract.sha256(secret);
        RepoFixtures.commitLarge(server, tokens.get("boss"), "model", "lab/secret", "weights", "weights.bin", secret);
        List<String> failures = new ArrayList<>();
        for (String who : List.of("boss", "writer", "reader", "other", "siteadmin")) {
            String owner = who.equals("siteadmin") ? "admin" : who;
            HttpResponse<String> own = server.send("POST", "/api/repos/create", tokens.get(who), "{\"name\":\"loot\",\"organization\":\"" + owner + "\"}");
            assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
            List<String> targets = new ArrayList<>(List.of(owner + "/loot"));
            if (rights(who, false).compareTo(Need.WRITE) >= 0) {
                targets.add("lab/open");
            }
            for (String target : targets) {
                String before = HubFixtures.json(server.get("/api/models/" + target, tokens.get(who))).path("sha").asText();
                for (PointerRoute route : pointerRoutes(oid, secret.length)) {
                    String refused;
                    if (route.ndjson() == null) {
                        Push push = pushPointer(target, who, route.path(), oid, secret.length);
                        refused = push.refusal();
                        // The refused push's objects stay in the repository: reachable by id, or by a branch made there.
                        String byId = server.get("/" + target + "/resolve/" + push.commit() + "/" + route.path(), null).body();
                        server.send("POST", "/api/models/" + target + "/branch/from-push", tokens.get(who), "{\"startingPoint\":\"" + push.commit() + "\"}");
                        String byBranch = server.get("/" + target + "/resolve/from-push/" + route.path(), null).body();
                        server.send("DELETE", "/api/models/" + target + "/branch/from-push", tokens.get(who), null);
                        if (byId.contains("nobody else") || byBranch.contains("nobody else")) {
                            failures.add("the commit of a refused push by " + who + " into " + target + " serves the private bytes");
                        }
                    } else {
                        refused = refusal(server.send("POST", "/api/models/" + target + "/commit/main", tokens.get(who), route.ndjson()));
                    }
                    if (refused == null) {
                        failures.add(route.name() + " by " + who + " into " + target + " was accepted");
                    }
                    HttpResponse<String> read = server.get("/" + target + "/resolve/main/" + route.path(), null);
                    if (read.statusCode() != 404 || read.body().contains("nobody else")) {
                        failures.add(route.name() + " by " + who + " into " + target + ": resolve answered " + read.statusCode());
                    }
                }
                String after = HubFixtures.json(server.get("/api/models/" + target, tokens.get(who))).path("sha").asText();
                if (!after.equals(before)) {
                    failures.add(target + " moved from " + before + " to " + after + " by " + who);
                }
                String batch = "{\"operation\":\"download\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + secret.length + "}]}";
                JsonNode lfs = HubFixtures.json(server.send("POST", "/" + target + ".git/info/lfs/objects/batch", tokens.get(who), batch));
                if (lfs.path("objects").get(0).path("error").path("code").asInt() != 404) {
                    failures.add("LFS download of the private oid from " + target + " by " + who + ": " + lfs);
                }
            }
        }
        assertThat(failures).isEmpty();

        // The repository that holds the bytes may point at them by every route.
        HttpResponse<String> ok = server.send("POST", "/api/models/lab/secret/commit/main", tokens.get("boss"),
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n" + HubApiContract.file("again.bin", pointer(oid, secret.length)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(pushPointer("lab/secret", "boss", "pushed.bin", oid, secret.length).refusal()).isNull();
        assertThat(server.getBytes("/lab/secret/resolve/main/again.bin", tokens.get("reader"))).isEqualTo(secret);
        assertThat(server.getBytes("/lab/secret/resolve/main/pushed.bin", tokens.get("reader"))).isEqualTo(secret);
    }

    /** Null for a 2xx; otherwise the message of a 400 (anything else fails the test). */
    private static String refusal(HttpResponse<String> r) {
        if (r.statusCode() / 100 == 2) {
            return null;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("never uploaded to this repository");
        return r.body();
    }

    /** A pushed commit, and why the server refused it (null if it did not). */
    record Push(String commit, String refusal) {}

    /**
     * Fetches {@code repo}'s main into a bare JGit repository, commits a pointer file at {@code path} on top and pushes
     * it. No checkout and no work tree, so no LFS filter or hook of this machine runs.
     */
    private Push pushPointer(String repo, String who, String path, String oid, long size) throws Exception {
        String url = server.url() + "/" + repo;
        var credentials = new UsernamePasswordCredentialsProvider(who, tokens.get(who));
        try (Git git = Git.init().setBare(true).setDirectory(Files.createTempDirectory(dir, "push").toFile()).call()) {
            Repository local = git.getRepository();
            git.fetch().setRemote(url).setRefSpecs("+refs/heads/main:refs/heads/main").setCredentialsProvider(credentials).call();
            ObjectId parent = local.resolve("refs/heads/main");
            ObjectId id;
            try (ObjectInserter inserter = local.newObjectInserter(); RevWalk walk = new RevWalk(local)) {
                DirCache index = DirCache.newInCore();
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, walk.getObjectReader(), walk.parseCommit(parent).getTree());
                DirCacheEntry file = new DirCacheEntry(path);
                file.setFileMode(FileMode.REGULAR_FILE);
                file.setObjectId(inserter.insert(Constants.OBJ_BLOB,
                        pointer(oid, size).getBytes(StandardCharsets.UTF_8)));
                builder.add(file);
                builder.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                commit.setParentId(parent);
                commit.setAuthor(new PersonIdent("t", "t@example.com"));
                commit.setCommitter(new PersonIdent("t", "t@example.com"));
                commit.setMessage("pointer\n");
                id = inserter.insert(commit);
                inserter.flush();
                RefUpdate move = local.updateRef("refs/heads/main");
                move.setNewObjectId(id);
                move.forceUpdate();
            }
            for (PushResult result : git.push().setRemote(url).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                    .setCredentialsProvider(credentials).call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK) {
                        assertThat(update.getMessage()).as(update.getStatus().toString()).contains("was not uploaded");
                        return new Push(id.name(), update.getMessage());
                    }
                }
            }
            return new Push(id.name(), null);
        }
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

        // the search index: card text, facet counts, the list page and a base model's children count the same way
        card("lab/open", "---\nlicense: mit\nlanguage: [en]\n---\nA quokka model.\n");
        card("lab/secret", "---\nlicense: bsd\nlanguage: [xx]\nbase_model: lab/open\ndatasets: [lab/quokka-data]\n---\nA secret quokka model.\n");
        for (String who : List.of("anonymous", "other", "reader", "writer-readtoken", "siteadmin")) {
            String token = who.equals("anonymous") ? null : tokens.get(who);
            boolean sees = who.equals("reader") || who.startsWith("writer") || who.equals("siteadmin");
            String found = server.get("/api/models?search=quokka", token).body();
            JsonNode facets = HubFixtures.json(server.get("/api/chorus/models/facets?search=quokka", token));
            JsonNode open = HubFixtures.json(server.get("/api/models/lab/open?expand%5B%5D=childrenModelCount", token));
            assertThat(found).as(who).contains("lab/open");
            assertThat(found.contains("lab/secret")).as(who + " " + found).isEqualTo(sees);
            assertThat(facets.path("total").asLong()).as(who).isEqualTo(sees ? 2 : 1);
            assertThat(facets.path("facets").path("license").toString().contains("bsd")).as(who).isEqualTo(sees);
            assertThat(facets.path("facets").path("language").toString().contains("xx")).as(who).isEqualTo(sees);
            assertThat(open.path("childrenModelCount").asLong()).as(who).isEqualTo(sees ? 1 : 0);
            // the explorers: lab's totals and tasks, the datasets models were trained on, commits per week
            JsonNode lab = HubFixtures.json(server.get("/api/chorus/explore/organizations/lab", token));
            assertThat(lab.path("organization").path("models").asLong()).as(who).isEqualTo(sees ? 2 : 1);
            assertThat(server.get("/api/chorus/explore/trained-on", token).body().contains("lab/quokka-data")).as(who).isEqualTo(sees);
            long labCommits = 0;
            for (JsonNode day : HubFixtures.json(server.get("/api/chorus/accounts/lab/activity?days=371", token))) {
                labCommits += day.path("count").asLong();
            }
            JsonNode weeks = HubFixtures.json(server.get("/api/chorus/explore/activity?weeks=53", token)).path("organizations");
            assertThat(weeks.get(0).path("total").asLong()).as(who).isEqualTo(labCommits).isEqualTo(sees ? 6 : 3); // models and datasets
        }

        // search by words, by meaning and both (/api/chorus/search): once both cards are embedded (the first search by
        // meaning starts that; bounded wait), every mode shows the secret one only to those who may read it
        String byMeaning = "/api/chorus/search?q=quokka&mode=semantic&type=model";
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!ids(server.get(byMeaning, ServerFixture.ADMIN_TOKEN).body()).containsAll(List.of("lab/open", "lab/secret"))
                && System.nanoTime() < deadline) {
            sleep(20);
        }
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            for (String who : List.of("anonymous", "other", "reader", "writer-readtoken", "siteadmin")) {
                String token = who.equals("anonymous") ? null : tokens.get(who);
                boolean sees = who.equals("reader") || who.startsWith("writer") || who.equals("siteadmin");
                HttpResponse<String> r = server.get("/api/chorus/search?q=quokka&type=model&mode=" + mode, token);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                List<String> found = ids(r.body());
                assertThat(found).as(who + " " + mode).contains("lab/open");
                assertThat(found.contains("lab/secret")).as(who + " " + mode + " " + found).isEqualTo(sees);
            }
        }
    }

    private static List<String> ids(String searchBody) {
        List<String> out = new ArrayList<>();
        try {
            HubFixtures.JSON.readTree(searchBody).path("results").forEach(n -> out.add(n.path("id").asText()));
        } catch (IOException e) {
            throw new IllegalStateException(searchBody, e);
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void card(String repo, String readme) {
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":"
                + HubFixtures.JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}";
        HttpResponse<String> r = server.send("POST", "/api/models/" + repo + "/commit/main", tokens.get("boss"), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void onlyAdminsDeleteAndDeletedRepositoriesAreGoneEverywhere() {
        createRepo("doomed", false);
        String body = "{\"name\":\"doomed\",\"organization\":\"lab\",\"type\":\"model\"}";

        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("writer"), body).statusCode()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("other"), body).statusCode()).isEqualTo(403);
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("boss"), body).statusCode()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("boss"), body.replace("\"model\"", "\"dataset\"")).statusCode()).isEqualTo(200);

        for (Endpoint e : endpoints("doomed")) {
            String path = e.path().replace("{who}", "boss");
            String sent = e.body() == null ? null : e.body().replace("{who}", "boss");
            HttpResponse<String> r = e.protocol() == Protocol.ACTION ? action(path, tokens.get("boss"), sent)
                    : server.send(e.method(), path, tokens.get("boss"), sent);
            assertThat(r.statusCode()).as(e.name()).isEqualTo(404);
        }
        assertThat(server.send("DELETE", "/api/repos/delete", tokens.get("boss"), body).statusCode()).isEqualTo(404);
    }
}
