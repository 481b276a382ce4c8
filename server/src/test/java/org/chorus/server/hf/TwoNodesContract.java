package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server nodes sharing one database and one data directory, as behind a load balancer: what one node
 * writes the other serves at once, signed URLs from one work on the other, and commits racing across nodes
 * on one branch never both succeed from the same parent, while those naming none all land.
 */
abstract class TwoNodesContract {
    @TempDir
    Path dir;
    ServerFixture a;
    ServerFixture b;
    String alice;

    /** The database URL both nodes use; null means SQLite in the shared data directory. */
    abstract String database();

    @BeforeEach
    void setUp() {
        String db = database();
        a = ServerFixture.node(dir, db);
        b = ServerFixture.node(dir, db);
        alice = HubFixtures.user(a, "alice", "write");
        assertThat(a.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void tearDown() {
        for (ServerFixture s : new ServerFixture[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    static String commitBody(String parent, String path, String content) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"s\"" + (parent == null ? "" : ",\"parentCommit\":\"" + parent + "\"") + "}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":\"" + content + "\",\"encoding\":\"utf-8\"}}";
    }

    static String sha(ServerFixture node) {
        return HubFixtures.json(node.get("/api/models/alice/m", null)).path("sha").asText();
    }

    @Test
    void whatOneNodeWritesTheOtherServes() {
        HttpResponse<String> onA = a.send("POST", "/api/models/alice/m/commit/main", alice, commitBody(null, "a.txt", "from a"));
        String first = HubFixtures.json(onA).path("commitOid").asText();
        HttpResponse<String> onB = b.send("POST", "/api/models/alice/m/commit/main", alice, commitBody(first, "b.txt", "from b"));

        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(a.get("/alice/m/resolve/main/b.txt", null).body()).isEqualTo("from b");
        assertThat(b.get("/alice/m/resolve/main/a.txt", null).body()).isEqualTo("from a");
        assertThat(sha(a)).isEqualTo(sha(b)).isEqualTo(HubFixtures.json(onB).path("commitOid").asText());
    }

    @Test
    void whatOneNodeCommitsTheOthersSearchFinds() {
        HttpResponse<String> onA = a.send("POST", "/api/models/alice/m/commit/main", alice, commitBody(null, "README.md", "A card about pangolins."));
        assertThat(onA.statusCode()).as(onA.body()).isEqualTo(200);

        assertThat(HubFixtures.json(b.get("/api/models?search=pangolins", null)).findValuesAsText("id")).containsExactly("alice/m");
        assertThat(b.get("/models?search=pangolins", null).body()).contains("alice/m");
        assertThat(b.send("PUT", "/api/models/alice/m/settings", alice, "{\"private\":true}").statusCode()).isEqualTo(200);
        assertThat(HubFixtures.json(a.get("/api/models?search=pangolins", null)).size()).isZero();
        assertThat(HubFixtures.json(a.get("/api/models?search=pangolins", alice)).size()).isEqualTo(1);
    }

    @Test
    void uploadUrlsSignedByOneNodeWorkOnTheOther() throws Exception {
        byte[] bytes = "bytes for the other node".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String oid = HubApiContract.sha256(bytes);
        JsonNode batch = HubFixtures.json(a.send("POST", "/alice/m.git/info/lfs/objects/batch", alice,
                "{\"operation\":\"upload\",\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + bytes.length + "}]}"));
        String href = batch.path("objects").get(0).path("actions").path("upload").path("href").asText();
        String onB = href.replace(a.url(), b.url());

        var put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(onB))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> commit = a.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"lfs\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"w.bin\",\"algo\":\"sha256\",\"oid\":\""
                        + oid + "\",\"size\":" + bytes.length + "}}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(commit.statusCode()).as(commit.body()).isEqualTo(200);
        assertThat(b.get("/alice/m/resolve/main/w.bin", null).body()).isEqualTo(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void commitsRacingAcrossNodesOnOneBranchNeverBothWinAndThoseWithoutParentAllLand() throws Exception {
        String base = sha(a);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            ServerFixture node = i % 2 == 0 ? a : b;
            String body = commitBody(i % 4 == 0 ? base : null, "f" + i + ".txt", "x" + i);
            results.add(pool.submit(() -> node.send("POST", "/api/models/alice/m/commit/main", alice, body)));
        }
        int ok = 0;
        for (int i = 0; i < writers; i++) {
            HttpResponse<String> r = results.get(i).get();
            assertThat(r.statusCode()).as(r.body()).isIn(i % 4 == 0 ? List.of(200, 409) : List.of(200));
            ok += r.statusCode() == 200 ? 1 : 0;
        }
        pool.shutdown();

        HttpResponse<String> commits = b.get("/api/models/alice/m/commits/main", null);
        assertThat(ok).isGreaterThanOrEqualTo(1);
        assertThat(commits.headers().firstValue("X-Total-Count")).hasValue(Integer.toString(2 + ok - 1));
        int files = HubFixtures.json(a.get("/api/models/alice/m/tree/main", null)).size();
        assertThat(files).isEqualTo(1 + ok);
    }
}
