package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HF-compatible API over HTTP: download headers, error codes, and bad input that must change nothing. */
abstract class HubApiContract extends ServerContract {
    String alice;
    String head;

    @BeforeEach
    void setUp() {
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
        head = commit(null, file("config.json", "0123456789")).path("commitOid").asText();
    }

    static String file(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":" + quote(path) + ",\"content\":" + quote(content) + ",\"encoding\":\"utf-8\"}}";
    }

    static String quote(String s) {
        return HubFixtures.JSON.valueToTree(s).toString();
    }

    HttpResponse<String> commitResponse(String parent, String... lines) {
        String header = "{\"key\":\"header\",\"value\":{\"summary\":\"s\"" + (parent == null ? "" : ",\"parentCommit\":\"" + parent + "\"") + "}}";
        return server.send("POST", "/api/models/alice/m/commit/main", alice, header + "\n" + String.join("\n", lines));
    }

    JsonNode commit(String parent, String... lines) {
        HttpResponse<String> r = commitResponse(parent, lines);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return HubFixtures.json(r);
    }

    HttpResponse<byte[]> raw(String method, String path, String token, String range, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (range != null) {
            b.header("Range", range);
        }
        return ServerFixture.send(b, HttpResponse.BodyHandlers.ofByteArray());
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    String mainSha() {
        return HubFixtures.json(server.get("/api/models/alice/m", null)).path("sha").asText();
    }

    @Test
    void resolveSendsTheHubHeadersAndHonoursRanges() {
        HttpResponse<byte[]> whole = raw("GET", "/alice/m/resolve/main/config.json", null, null, null);
        HttpResponse<byte[]> part = raw("GET", "/alice/m/resolve/main/config.json", null, "bytes=2-4", null);
        HttpResponse<byte[]> suffix = raw("GET", "/alice/m/resolve/" + head + "/config.json", null, "bytes=-3", null);
        HttpResponse<byte[]> beyond = raw("GET", "/alice/m/resolve/main/config.json", null, "bytes=50-60", null);
        HttpResponse<byte[]> headOnly = raw("HEAD", "/alice/m/resolve/main/config.json", null, null, null);

        assertThat(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(whole.headers().firstValue("X-Repo-Commit")).hasValue(head);
        assertThat(whole.headers().firstValue("ETag")).hasValueSatisfying(v -> assertThat(v).matches("\"[0-9a-f]{40}\""));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo("234");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        assertThat(new String(suffix.body(), StandardCharsets.UTF_8)).isEqualTo("789");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(headOnly.statusCode()).isEqualTo(200);
        assertThat(headOnly.headers().firstValue("Content-Length")).hasValue("10");
        assertThat(headOnly.headers().firstValue("X-Repo-Commit")).hasValue(head);
    }

    @Test
    void filesWithSpacesAndUnicodeNamesResolve() {
        String path = "dir with space/ünï #1+2%.txt";
        commit(null, file(path, "unicode"));
        String encoded = java.util.Arrays.stream(path.split("/"))
                .map(s -> java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(java.util.stream.Collectors.joining("/"));

        HttpResponse<String> r = server.get("/alice/m/resolve/main/" + encoded, null);
        JsonNode tree = HubFixtures.json(server.get("/api/models/alice/m/tree/main/" + encoded.substring(0, encoded.indexOf('/')), null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("unicode");
        assertThat(tree.get(0).path("path").asText()).isEqualTo(path);
    }

    @Test
    void missingThingsAnswer404WithTheHubErrorCode() {
        assertThat(server.get("/alice/nope/resolve/main/config.json", null).headers().firstValue("X-Error-Code")).hasValue("RepoNotFound");
        assertThat(server.get("/alice/m/resolve/nobranch/config.json", null).headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
        assertThat(server.get("/alice/m/resolve/main/absent.txt", null).headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(server.get("/api/models/alice/m/tree/main/nodir", null).headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(server.get("/api/models/alice/m/revision/" + "f".repeat(40), null).statusCode()).isEqualTo(404);
    }

    @Test
    void pathTraversalInCommitsAndUrlsIsRefusedAndChangesNothing() {
        for (String bad : List.of("../x", "/etc/passwd", "a/../../b", "a\\b", "a\u0000b", ".git/config", "x/.git/hooks/pre-commit", "a//b")) {
            assertThat(commitResponse(null, file(bad, "x")).statusCode()).as(bad).isEqualTo(400);
            assertThat(commitResponse(null, "{\"key\":\"deletedFile\",\"value\":{\"path\":" + quote(bad) + "}}").statusCode()).as(bad).isEqualTo(400);
        }
        for (String url : List.of("/alice/m/resolve/main/%2e%2e/%2e%2e/etc/passwd", "/alice/m/resolve/main/.git/config",
                "/alice/m/resolve/main/a%5Cb", "/api/models/alice/m/tree/main/.git")) {
            assertThat(server.get(url, null).statusCode()).as(url).isBetween(400, 404);
        }
        HttpResponse<String> info = server.send("POST", "/api/models/alice/m/paths-info/main", null, "{\"paths\":[\"../../etc/passwd\"]}");
        assertThat(info.statusCode()).isEqualTo(400);
        assertThat(mainSha()).isEqualTo(head);
    }

    @Test
    void badNamesAndBodiesAre400() {
        for (String name : List.of("../x", "a b", "x.git", "", "a".repeat(97), "x.", "x-", "a--b")) {
            HttpResponse<String> r = server.send("POST", "/api/repos/create", alice, "{\"name\":" + quote(name) + ",\"organization\":\"alice\"}");
            assertThat(r.statusCode()).as(name).isEqualTo(400);
        }
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(409);
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"s\",\"organization\":\"alice\",\"type\":\"space\"}").statusCode()).isEqualTo(400);
        assertThat(commitResponse(null, "not json").statusCode()).isEqualTo(400);
        String big = "x".repeat(10 << 20);
        assertThat(commitResponse(null, "{\"key\":\"file\",\"value\":{\"path\":\"big.txt\",\"content\":\"" + big + "\"}}").statusCode())
                .isIn(400, 413);
        assertThat(commitResponse(null, "{\"key\":\"rename\",\"value\":{}}").statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/api/models/alice/m/branch/..bad", alice, "{}").statusCode()).isEqualTo(400);
        assertThat(server.get("/api/models?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/api/models?cursor=bm9wZQ", null).statusCode()).isEqualTo(400);
        assertThat(mainSha()).isEqualTo(head);
    }

    @Test
    void messagesWithControlCharactersDuplicatePathsAndEmptyPathListsAre400AndChangeNothing() {
        // Execute
        HttpResponse<String> nulSummary = server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"a\\u0000b\"}}\n" + file("n.txt", "n"));
        HttpResponse<String> escapeDescription = server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\",\"description\":\"\\u001b[2J\"}}\n" + file("n.txt", "n"));
        HttpResponse<String> twice = commitResponse(null, file("dup.txt", "1"), file("dup.txt", "2"));
        HttpResponse<String> nulTag = server.send("POST", "/api/models/alice/m/tag/main", alice, "{\"tag\":\"v1\",\"message\":\"a\\u0000b\"}");
        HttpResponse<String> noPaths = server.send("POST", "/api/models/alice/m/paths-info/main", alice, "{\"paths\":[]}");
        HttpResponse<String> jsonAsForm = ServerFixture.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/models/alice/m/paths-info/main"))
                .header("Authorization", "Bearer " + alice).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"paths\":[\".git/config\"]}")), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> notText = server.send("POST", "/api/models/alice/m/paths-info/main", alice, "{\"paths\":[1,null]}");
        HttpResponse<String> tabsAndLines = server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\",\"description\":\"line\\n\\tindented\\r\\n\"}}\n" + file("ok.txt", "ok"));

        // Assert
        assertError(nulSummary, 400, "summary contains a NUL");
        assertError(escapeDescription, 400, "description contains a NUL or another control character");
        assertError(twice, 400, "'dup.txt' is added by more than one operation");
        assertError(nulTag, 400, "tag message contains a NUL");
        assertError(noPaths, 400, "paths is required");
        assertError(jsonAsForm, 400, "paths is required");
        assertError(notText, 400, "paths must be an array of file paths");
        assertThat(server.get("/api/models/alice/m/refs", null).body()).doesNotContain("v1");
        assertThat(tabsAndLines.statusCode()).as(tabsAndLines.body()).isEqualTo(200);
    }

    @Test
    void staleParentCommitIs409AndChangesNothing() {
        String moved = commit(head, file("a.txt", "1")).path("commitOid").asText();

        HttpResponse<String> stale = commitResponse(head, file("a.txt", "2"));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(mainSha()).isEqualTo(moved);
        assertThat(server.get("/alice/m/resolve/main/a.txt", null).body()).isEqualTo("1");
    }

    @Test
    void largeFileUploadsAreVerifiedAndCommitsMustNameUploadedObjects() throws Exception {
        byte[] bytes = "some large bytes".repeat(1000).getBytes(StandardCharsets.UTF_8);
        String oid = sha256(bytes);
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"hash_algo\":\"sha_256\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}";
        String lfsLine = "{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}}";

        assertThat(commitResponse(null, lfsLine).statusCode()).isEqualTo(400);
        JsonNode answer = HubFixtures.json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch));
        String href = answer.path("objects").get(0).path("actions").path("upload").path("href").asText();
        byte[] wrong = bytes.clone();
        wrong[0] ^= 1;
        assertThat(raw("PUT", href, null, null, wrong).statusCode()).isEqualTo(400);
        assertThat(raw("PUT", href.replace("sig=", "sig=x"), null, null, bytes).statusCode()).isEqualTo(403);
        assertThat(raw("PUT", href.replaceFirst("/\\d+\\?", "/" + (bytes.length + 1) + "?"), null, null, bytes).statusCode()).isEqualTo(403);
        assertThat(commitResponse(null, lfsLine).statusCode()).isEqualTo(400);
        assertThat(raw("PUT", href, null, null, bytes).statusCode()).isEqualTo(200);
        assertThat(commitResponse(null, lfsLine.replace("\"size\":" + bytes.length, "\"size\":5")).statusCode()).isEqualTo(400);
        commit(null, lfsLine);

        JsonNode again = HubFixtures.json(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch.replace("sha_256", "sha256")));
        assertThat(again.path("objects").get(0).has("actions")).isFalse();
        HttpResponse<byte[]> got = raw("GET", "/alice/m/resolve/main/w.bin", null, "bytes=10-19", null);
        assertThat(got.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(bytes.length));
        assertThat(got.headers().firstValue("X-Linked-ETag")).hasValue("\"" + oid + "\"");
        assertThat(got.body()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 20));
        assertThat(server.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch.replace("sha_256", "md5")).statusCode()).isEqualTo(409);
    }

    @Test
    void branchesWithSlashesWorkWhenTheClientEncodesThem() {
        HttpResponse<String> created = server.send("POST", "/api/models/alice/m/branch/feature%2Fx", alice, "{}");
        HttpResponse<String> committed = server.send("POST", "/api/models/alice/m/commit/feature%2Fx", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n" + file("f.txt", "on feature"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(server.get("/alice/m/resolve/feature%2Fx/f.txt", null).body()).isEqualTo("on feature");
        assertThat(server.get("/api/models/alice/m/refs", null).body()).contains("\"name\":\"feature/x\"");
    }

    @Test
    void preuploadAnswersTheHeadAndAttributesOfTheRevisionAskedAbout() {
        assertThat(server.send("POST", "/api/models/alice/m/branch/dev", alice, "{}").statusCode()).isEqualTo(200);
        String devHead = HubFixtures.json(server.send("POST", "/api/models/alice/m/commit/dev", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n" + file(".gitattributes", "*.dat filter=lfs diff=lfs merge=lfs -text\n")))
                .path("commitOid").asText();
        String ask = "{\"files\":[{\"path\":\"a.dat\",\"size\":3,\"sample\":\"YWJj\"}]}";

        JsonNode onDev = HubFixtures.json(server.send("POST", "/api/models/alice/m/preupload/dev", alice, ask));
        JsonNode onMain = HubFixtures.json(server.send("POST", "/api/models/alice/m/preupload/main", alice, ask));
        HttpResponse<String> missing = server.send("POST", "/api/models/alice/m/preupload/nope", alice, ask);

        assertThat(devHead).isNotEqualTo(head);
        assertThat(onDev.path("commitOid").asText()).isEqualTo(devHead);
        assertThat(onDev.path("files").get(0).path("uploadMode").asText()).isEqualTo("lfs");
        assertThat(onMain.path("commitOid").asText()).isEqualTo(head);
        assertThat(onMain.path("files").get(0).path("uploadMode").asText()).isEqualTo("regular");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("X-Error-Code")).hasValue("RevisionNotFound");
    }

    @Test
    void visibilityChangesTakeEffectAtOnce() {
        HttpResponse<String> hide = server.send("PUT", "/api/models/alice/m/settings", alice, "{\"private\":true}");
        int hiddenStatus = server.get("/alice/m/resolve/main/config.json", null).statusCode();
        boolean listedWhileHidden = server.get("/api/models?author=alice", null).body().contains("alice/m");
        HttpResponse<String> show = server.send("PUT", "/api/models/alice/m/settings", alice, "{\"visibility\":\"public\"}");

        assertThat(hide.statusCode()).isEqualTo(200);
        assertThat(hiddenStatus).isEqualTo(404);
        assertThat(listedWhileHidden).isFalse();
        assertThat(show.statusCode()).isEqualTo(200);
        assertThat(server.get("/alice/m/resolve/main/config.json", null).statusCode()).isEqualTo(200);
        assertThat(HubFixtures.json(server.get("/api/models/alice/m", null)).path("private").asBoolean()).isFalse();
    }

    @Test
    void privacyIsReadOnlyFromABooleanOrAVisibilityWordAndNeverFallsBackToPublic() {
        // Prepare: a private repository, and bodies a lenient reader took for "public"
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"hidden\",\"private\":true}").statusCode()).isEqualTo(200);
        List<String> bad = List.of("{\"private\":\"yes\"}", "{\"private\":\"no\"}", "{\"private\":0}", "{\"private\":\"true\"}",
                "{\"visibility\":\"Private\"}", "{\"visibility\":\"bogus\"}", "{\"visibility\":true}", "{\"visibility\":[\"private\"]}",
                "{\"private\":true,\"visibility\":\"public\"}", "{\"private\":false,\"visibility\":\"private\"}");

        // Execute
        List<Integer> settings = bad.stream().map(b -> server.send("PUT", "/api/models/alice/hidden/settings", alice, b).statusCode()).toList();
        List<Integer> creates = bad.stream().map(b -> server.send("POST", "/api/repos/create", alice,
                "{\"name\":\"n" + bad.indexOf(b) + "\"," + b.substring(1)).statusCode()).toList();
        HttpResponse<String> nothingSaid = server.send("PUT", "/api/models/alice/hidden/settings", alice, "{\"private\":null}");
        HttpResponse<String> agreeing = server.send("POST", "/api/repos/create", alice, "{\"name\":\"both\",\"private\":true,\"visibility\":\"private\"}");

        // Assert: every bad body is a 400 that changes nothing; null says nothing; agreeing fields are taken
        assertThat(settings).allMatch(status -> status == 400);
        assertThat(creates).allMatch(status -> status == 400);
        assertThat(server.get("/api/models/alice/hidden", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/models?author=alice", alice).body()).doesNotContain("alice/n");
        assertThat(HubFixtures.json(nothingSaid).path("private").asBoolean()).isTrue();
        assertThat(agreeing.statusCode()).isEqualTo(200);
        assertThat(server.get("/api/models/alice/both", null).statusCode()).isEqualTo(404);
    }

    @Test
    void downloadsAndLikesAreCounted() {
        String bob = HubFixtures.user(server, "bob", "write");
        raw("GET", "/alice/m/resolve/main/config.json", null, null, null);
        raw("GET", "/alice/m/resolve/main/config.json", null, "bytes=0-0", null);
        raw("HEAD", "/alice/m/resolve/main/config.json", null, null, null);
        server.send("POST", "/api/models/alice/m/like", bob, null);
        server.send("POST", "/api/models/alice/m/like", bob, null);
        server.send("POST", "/api/models/alice/m/like", alice, null);
        server.send("DELETE", "/api/models/alice/m/like", alice, null);

        JsonNode info = HubFixtures.json(server.get("/api/models/alice/m", null));

        assertThat(info.path("downloads").asLong()).isEqualTo(1);
        assertThat(info.path("likes").asLong()).isEqualTo(1);
        assertThat(info.path("downloadsAllTime").asLong()).isEqualTo(1);
        server.send("POST", "/api/repos/create", alice, "{\"name\":\"quiet\",\"organization\":\"alice\"}");
        JsonNode byLikes = HubFixtures.json(server.get("/api/models?sort=likes", null));
        JsonNode byLikesAscending = HubFixtures.json(server.get("/api/models?sort=likes&direction=1", null));
        assertThat(byLikes.get(0).path("id").asText()).isEqualTo("alice/m");
        assertThat(byLikesAscending.get(0).path("id").asText()).isEqualTo("alice/quiet");
        assertThat(server.get("/api/models?sort=bogus", null).statusCode()).isEqualTo(400);
    }

    @Test
    void likesListsAndDownloadSeriesAnswerInTheHubsShapes() {
        String bob = HubFixtures.user(server, "bob", "write");
        server.send("POST", "/api/repos/create", alice, "{\"name\":\"hidden\",\"organization\":\"alice\",\"private\":true}");
        server.send("POST", "/api/repos/create", alice, "{\"name\":\"other\",\"organization\":\"alice\"}");
        server.send("POST", "/api/models/alice/m/like", alice, null);
        server.send("POST", "/api/models/alice/hidden/like", alice, null);
        raw("GET", "/alice/m/resolve/main/config.json", null, null, null);
        server.refreshDownloadCounts(); // lists sorted by trending take downloads at the node's next batch

        JsonNode own = HubFixtures.json(server.get("/api/users/alice/likes", alice));
        JsonNode seenByBob = HubFixtures.json(server.get("/api/users/alice/likes", bob));
        HttpResponse<String> firstPage = server.get("/api/users/alice/likes?limit=1", alice);
        JsonNode likers = HubFixtures.json(server.get("/api/models/alice/m/likers", null));
        JsonNode series = HubFixtures.json(server.get("/api/chorus/models/alice/m/downloads?days=7", null));
        JsonNode trending = HubFixtures.json(server.get("/api/models?sort=trendingScore", null));

        assertThat(own).hasSize(2);
        assertThat(own.get(0).path("repo").path("name").asText()).isEqualTo("alice/hidden");
        assertThat(own.get(0).path("repo").path("type").asText()).isEqualTo("model");
        assertThat(own.get(0).path("createdAt").asText()).isNotEmpty();
        assertThat(seenByBob).hasSize(1);
        assertThat(seenByBob.get(0).path("repo").path("name").asText()).isEqualTo("alice/m");
        assertThat(firstPage.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("rel=\"next\""));
        assertThat(likers.get(0).path("user").asText()).isEqualTo("alice");
        assertThat(series).hasSize(7);
        assertThat(series.get(6).path("count").asLong()).isEqualTo(1);
        assertThat(trending.get(0).path("id").asText()).isEqualTo("alice/m");
        assertThat(trending.get(0).path("trendingScore").asLong()).isEqualTo(11);
        assertThat(server.get("/api/models/alice/hidden/likers", bob).statusCode()).isEqualTo(404);
        assertThat(server.send("POST", "/api/models/alice/hidden/like", bob, null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/users/no..body/likes", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/api/chorus/models/alice/m/downloads?days=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void facetsCountTheRepositoriesTheListReturns() {
        for (String name : List.of("a", "b", "c")) {
            server.send("POST", "/api/repos/create", alice, "{\"name\":\"" + name + "\",\"organization\":\"alice\"}");
            String license = name.equals("c") ? "apache-2.0" : "mit";
            server.send("POST", "/api/models/alice/" + name + "/commit/main", alice, "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n"
                    + file("README.md", "---\npipeline_tag: text-generation\nlicense: " + license + "\nlanguage: en\n---\n"));
        }

        JsonNode listed = HubFixtures.json(server.get("/api/models?search=alice&filter=en&limit=1000", null));
        JsonNode counted = HubFixtures.json(server.get("/api/chorus/models/facets?search=alice&filter=en", null));
        JsonNode narrowed = HubFixtures.json(server.get("/api/models?filter=en&filter="
                + counted.path("facets").path("license").get(0).path("filter").asText(), null));

        assertThat(counted.path("total").asLong()).isEqualTo(listed.size()).isEqualTo(3);
        assertThat(counted.path("facets").path("task").get(0).path("count").asLong()).isEqualTo(3);
        assertThat(counted.path("facets").path("license").get(0).path("value").asText()).isEqualTo("mit");
        assertThat(narrowed.size()).isEqualTo(counted.path("facets").path("license").get(0).path("count").asInt()).isEqualTo(2);
        assertThat(server.get("/api/chorus/models/facets?limit=0", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/api/chorus/models/facets?sort=bogus", null).statusCode()).isEqualTo(200);
    }

    @Test
    void listsSearchCardTextSortAndRefuseHostileInputWithA400() {
        commit(mainSha(), file("README.md", "---\nlicense: mit\nbase_model: org/base\n---\nTrained on axolotl sightings.\n"));
        String sorted = "/api/models?sort=likes&direction=-1&limit=1&full=true&cardData=true";

        JsonNode byText = HubFixtures.json(server.get("/api/models?search=AXOLOTL%20sightings", null));
        JsonNode byBase = HubFixtures.json(server.get("/api/models?filter=base_model:finetune:org/base", null));
        JsonNode first = HubFixtures.json(server.get(sorted, null));

        assertThat(byText.findValuesAsText("id")).containsExactly("alice/m");
        assertThat(byBase.findValuesAsText("id")).containsExactly("alice/m");
        assertThat(first.size()).isEqualTo(1);
        assertThat(first.get(0).path("cardData").path("license").asText()).isEqualTo("mit");
        assertThat(first.get(0).path("siblings").findValuesAsText("rfilename")).contains("README.md", "config.json");
        assertThat(HubFixtures.json(server.get("/api/models", null)).get(0).has("siblings")).isFalse();
        for (String literal : List.of("title:x%20AND%20*", "*%3A*", "%22", "(", "a%5C", "%5Ba%20TO%20z%5D", "bert~2")) {
            HttpResponse<String> r = server.get("/api/models?search=" + literal, null);
            assertThat(r.statusCode()).as(literal).isEqualTo(200);
            assertThat(r.body()).as(literal).isEqualTo("[]");
        }
        for (String refused : List.of("/api/models?search=" + "x".repeat(2_000), "/api/models?sort=relevance", "/api/datasets?sort=%27%3B",
                "/api/chorus/models/facets?search=" + "y".repeat(2_000), "/api/models?" + "filter=t&".repeat(60), "/models?search=" + "z".repeat(2_000))) {
            HttpResponse<String> r = server.get(refused, null);
            String label = refused.substring(0, Math.min(60, refused.length()));
            assertThat(r.statusCode()).as(label).isEqualTo(400);
            assertThat(r.body()).as(label).containsAnyOf("1000 characters", "sort must be one of", "at most 50 filters");
        }
        // 10 KB of query string: Jetty refuses the request line before routing, in the API's JSON shape
        HttpResponse<String> huge = server.get("/api/models?search=" + "x".repeat(10_240), null);
        assertThat(huge.statusCode()).isEqualTo(414);
        assertThat(HubFixtures.json(huge).path("error").asText()).isNotBlank();
    }

    @Test
    void searchAnswersResultsAndRefusesEveryBadParameterWithA400() {
        commit(mainSha(), file("README.md", "---\npipeline_tag: translation\n---\nTranslates axolotl sightings into French.\n"));

        JsonNode found = HubFixtures.json(server.get("/api/chorus/search?q=axolotl%20translation&type=model&mode=keyword&limit=5", null));
        JsonNode first = found.path("results").get(0);
        assertThat(first.path("id").asText()).isEqualTo("alice/m");
        assertThat(first.path("type").asText()).isEqualTo("model");
        assertThat(first.path("score").asDouble()).isPositive();
        assertThat(first.path("pipeline_tag").asText()).isEqualTo("translation");
        assertThat(HubFixtures.json(server.get("/api/chorus/search?q=axolotl&type=dataset&mode=keyword", null)).path("results").size()).isZero();
        for (String refused : List.of("", "q=", "q=%20", "q=" + "x".repeat(2_000), "q=name%3Abert", "q=bert*", "q=bert~2", "q=%22bert%22",
                "q=%5Ba%20TO%20z%5D", "q=a%20%26%26%20b", "q=a%5C", "q=a%00b", "q=bert&mode=fuzzy", "q=bert&type=space",
                "q=bert&limit=0", "q=bert&limit=101", "q=bert&limit=ten")) {
            HttpResponse<String> r = server.get("/api/chorus/search?" + refused, null);
            String label = refused.substring(0, Math.min(60, refused.length()));
            assertThat(r.statusCode()).as(label).isEqualTo(400);
            assertThat(HubFixtures.json(r).path("error").asText()).as(label).containsAnyOf("q is required", "1000 characters",
                    "query syntax is not supported", "control characters", "mode must be", "type must be", "limit must be");
        }
    }

    @Test
    void movedRepositoriesAnswerUnderTheirNewNameAndRedirectFromTheOldOne() {
        String bob = HubFixtures.user(server, "bob", "write");

        HttpResponse<String> byBob = server.send("POST", "/api/repos/move", bob, "{\"fromRepo\":\"alice/m\",\"toRepo\":\"bob/m\",\"type\":\"model\"}");
        HttpResponse<String> moved = server.send("POST", "/api/repos/move", alice, "{\"fromRepo\":\"alice/m\",\"toRepo\":\"alice/m2\",\"type\":\"model\"}");

        assertThat(byBob.statusCode()).isEqualTo(403);
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(server.get("/alice/m2/resolve/main/config.json", null).body()).isEqualTo("0123456789");
        assertRedirect(server.get("/api/models/alice/m", null), 307, "/api/models/alice/m2");
        assertRedirect(server.get("/alice/m/resolve/main/config.json?download=true", null), 307, "/alice/m2/resolve/main/config.json?download=true");
        assertRedirect(server.get("/api/models/alice/m/tree/main", null), 307, "/api/models/alice/m2/tree/main");
        assertRedirect(server.get("/api/models/alice/m/revision/main", null), 307, "/api/models/alice/m2/revision/main");
        assertRedirect(server.get("/alice/m", null), 301, "/alice/m2");
        assertThat(server.send("POST", "/api/repos/move", alice, "{\"fromRepo\":\"alice/m2\",\"toRepo\":\"alice/../x\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/api/repos/move", alice, "{\"fromRepo\":\"alice/m2\",\"toRepo\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(server.send("POST", "/api/repos/move", null, "{\"fromRepo\":\"alice/m2\",\"toRepo\":\"alice/y\"}").statusCode()).isEqualTo(401);
        assertThat(server.send("PUT", "/api/models/alice/m2/settings", alice, "{\"private\":true}").statusCode()).isEqualTo(200);
        assertThat(server.get("/api/models/alice/m", bob).statusCode()).as("hidden from a stranger").isEqualTo(404);
        assertThat(server.get("/alice/m", null).statusCode()).as("hidden from anonymous pages").isEqualTo(404);
        assertRedirect(server.get("/api/models/alice/m", alice), 307, "/api/models/alice/m2");
    }

    static void assertRedirect(HttpResponse<String> r, int status, String location) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Location")).contains(location);
    }

    @Test
    void fileViewsCommitDiffsAndActivityAnswerAsJson() {
        byte[] header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer st = java.nio.ByteBuffer.allocate(8 + header.length + 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        st.putLong(header.length).put(header);
        String b64 = java.util.Base64.getEncoder().encodeToString(st.array());
        String sha = commit(head, file("data.csv", "a,b\n1,2\n"), file("config.json", "0123456789\nmore"),
                "{\"key\":\"file\",\"value\":{\"path\":\"w.safetensors\",\"content\":\"" + b64 + "\",\"encoding\":\"base64\"}}",
                file("bad.safetensors", "\u0001\u0000\u0000\u0000\u0000\u0000\u0000\u00ff{}")).path("commitOid").asText();

        JsonNode summary = HubFixtures.json(server.get("/api/chorus/models/alice/m/safetensors/main/w.safetensors", null));
        JsonNode table = HubFixtures.json(server.get("/api/chorus/models/alice/m/preview/main/data.csv?rows=5", null));
        JsonNode diff = HubFixtures.json(server.get("/api/chorus/models/alice/m/commit/" + sha, null));
        JsonNode heatmap = HubFixtures.json(server.get("/api/chorus/accounts/alice/activity?days=7", null));
        HttpResponse<String> firstOfFeed = server.get("/api/chorus/feed?account=alice&limit=1", null);
        JsonNode feed = HubFixtures.json(server.get("/api/chorus/feed?account=alice", null));

        assertThat(summary.path("parameters").asLong()).isEqualTo(4);
        assertThat(summary.path("tensors").get(0).path("dtype").asText()).isEqualTo("F16");
        assertThat(table.path("columns").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(table.path("rows").toString()).isEqualTo("[[\"1\",\"2\"]]");
        JsonNode config = diff.path("files").findParents("newPath").stream().filter(f -> f.path("newPath").asText().equals("config.json")).findFirst().orElseThrow();
        assertThat(config.path("change").asText()).isEqualTo("MODIFY");
        assertThat(config.path("hunks").get(0).path("lines").toString()).contains("\"type\":\"+\"", "\"newNumber\":2", "more");
        assertThat(heatmap).hasSize(7);
        assertThat(heatmap.get(6).path("count").asLong()).isEqualTo(3);
        // commit times have whole seconds: the test's commits may share one, so the newest is not asserted first
        assertThat(feed.findValuesAsText("sha")).contains(sha).hasSize(3);
        assertThat(feed.get(0).path("repo").path("name").asText()).isEqualTo("alice/m");
        assertThat(firstOfFeed.headers().firstValue("Link")).isPresent();
        assertThat(server.get("/api/chorus/models/alice/m/safetensors/main/bad.safetensors", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/api/chorus/models/alice/m/preview/main/data.csv?rows=0", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/api/chorus/models/alice/m/commit/" + "0".repeat(40), null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/chorus/accounts/no..one/activity", null).statusCode()).isEqualTo(400);
        server.send("PUT", "/api/models/alice/m/settings", alice, "{\"private\":true}");
        assertThat(server.get("/api/chorus/models/alice/m/safetensors/main/w.safetensors", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/chorus/models/alice/m/commit/" + sha, null).statusCode()).isEqualTo(404);
        assertThat(HubFixtures.json(server.get("/api/chorus/feed?account=alice", null))).isEmpty();
    }

    @Test
    void modelCardsGiveLineageTagsAndFamilyTrees() {
        for (String name : List.of("base", "tuned", "merged")) {
            server.send("POST", "/api/repos/create", alice, "{\"name\":\"" + name + "\",\"organization\":\"alice\"}");
        }
        String card = "---\\nbase_model: alice/base\\nlicense: mit\\n---\\n";
        server.send("POST", "/api/models/alice/tuned/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n" + file("README.md", card.replace("\\n", "\n")));
        server.send("POST", "/api/models/alice/merged/commit/main", alice, "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n"
                + file("README.md", "---\nbase_model:\n- alice/tuned\n- alice/m\n---\n"));

        JsonNode tuned = HubFixtures.json(server.get("/api/models/alice/tuned?expand=baseModels&expand=tags", null));
        JsonNode base = HubFixtures.json(server.get("/api/models/alice/base?expand=childrenModelCount", null));
        JsonNode family = HubFixtures.json(server.get("/api/chorus/models/alice/base/family?depth=5", null));
        JsonNode mergedAncestors = HubFixtures.json(server.get("/api/chorus/models/alice/merged/family", null)).path("ancestors");
        JsonNode mergedTree = HubFixtures.json(server.get("/api/chorus/models/alice/merged/model-tree", null));
        JsonNode baseTree = HubFixtures.json(server.get("/api/chorus/models/alice/base/model-tree", null));

        assertThat(tuned.path("baseModels").path("relation").asText()).isEqualTo("finetune");
        assertThat(tuned.path("tags").toString()).contains("base_model:finetune:alice/base", "license:mit");
        assertThat(base.path("childrenModelCount").asLong()).isEqualTo(1);
        assertThat(family.path("descendants").toString()).contains("alice/tuned", "alice/merged", "\"merge\"");
        assertThat(mergedAncestors.toString()).contains("alice/base", "alice/m");
        assertThat(server.get("/api/models?filter=base_model:merge:alice/tuned", null).body()).contains("\"id\":\"alice/merged\"").doesNotContain("\"id\":\"alice/tuned\"");
        assertThat(mergedTree.path("ancestors").findValuesAsText("base")).containsExactlyInAnyOrder("alice/tuned", "alice/m", "alice/base");
        assertThat(baseTree.path("children").path("finetune").path("count").asLong()).isEqualTo(1);
        assertThat(baseTree.path("children").path("finetune").path("filter").asText()).isEqualTo("base_model:finetune:alice/base");
        assertThat(baseTree.path("children").path("adapter").path("count").asLong()).isZero();
        assertThat(server.get("/api/chorus/models/alice/nothing/model-tree", null).statusCode()).isEqualTo(404);
    }
}
