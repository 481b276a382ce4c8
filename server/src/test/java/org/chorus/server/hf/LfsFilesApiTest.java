package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.chorus.server.ServerFixture;
import org.chorus.server.web.RepoFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list_lfs_files} and {@code permanently_delete_lfs_files} as huggingface_hub sends them: the listing pages with
 * {@code Link: rel="next"}, a deleted file's pointer reads as text, and rewriting history is refused with the way to call.
 */
class LfsFilesApiTest {
    static final String API = "/api/models/admin/m/lfs-files";
    @TempDir
    Path dir;
    ServerFixture server;
    String[] oids = new String[2];

    @BeforeEach
    void setUp() throws Exception {
        server = ServerFixture.sqlite(dir.resolve("server"));
        HttpResponse<String> created = server.send("POST", "/api/repos/create", ServerFixture.ADMIN_TOKEN, "{\"name\":\"m\",\"organization\":\"admin\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            byte[] weights = new byte[200_000 + i];
            new Random(i).nextBytes(weights);
            oids[i] = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));
            RepoFixtures.commitLarge(server, ServerFixture.ADMIN_TOKEN, "model", "admin/m", "w" + i, "ckpt/w" + i + ".bin", weights);
        }
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private HttpResponse<String> delete(String body) {
        return server.send("POST", API + "/batch", ServerFixture.ADMIN_TOKEN, body);
    }

    @Test
    void theListingPagesAndNamesEachFileByItsPathOnMain() {
        HttpResponse<String> first = server.send("GET", API + "?limit=1", ServerFixture.ADMIN_TOKEN, null);
        String next = first.headers().firstValue("Link").orElseThrow();
        String nextUrl = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        HttpResponse<String> second = server.send("GET", nextUrl.substring(server.url().length()), ServerFixture.ADMIN_TOKEN, null);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(next).endsWith("; rel=\"next\"");
        assertThat(second.headers().firstValue("Link")).isEmpty();
        JsonNode a = HubFixtures.json(first).get(0);
        JsonNode b = HubFixtures.json(second).get(0);
        assertThat(HubFixtures.json(first)).hasSize(1);
        assertThat(a.path("fileOid").asText()).isEqualTo(oids[0]);
        assertThat(a.path("oid").asText()).isEqualTo(oids[0]);
        assertThat(a.path("filename").asText()).isEqualTo("ckpt/w0.bin");
        assertThat(a.path("size").asLong()).isEqualTo(200_000);
        assertThat(Instant.parse(a.path("pushedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(b.path("fileOid").asText()).isEqualTo(oids[1]);
        assertThat(b.path("size").asLong()).isEqualTo(200_001);
    }

    @Test
    void aDeletedFileLeavesItsPointerAsTextAndTheOtherFileStays() {
        HttpResponse<String> r = delete("{\"deletions\":{\"sha\":[\"" + oids[0] + "\"],\"rewriteHistory\":false}}");
        HttpResponse<String> pointer = server.send("GET", "/admin/m/resolve/main/ckpt/w0.bin", ServerFixture.ADMIN_TOKEN, null);
        byte[] other = server.getBytes("/admin/m/resolve/main/ckpt/w1.bin", ServerFixture.ADMIN_TOKEN);
        JsonNode left = HubFixtures.json(server.send("GET", API, ServerFixture.ADMIN_TOKEN, null));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(HubFixtures.json(r).path("deleted")).extracting(JsonNode::asText).containsExactly(oids[0]);
        assertThat(pointer.statusCode()).isEqualTo(200);
        assertThat(pointer.body()).startsWith("version https://git-lfs.github.com/spec/v1").contains("oid sha256:" + oids[0]);
        assertThat(other).hasSize(200_001);
        assertThat(left).hasSize(1);
        assertThat(left.get(0).path("fileOid").asText()).isEqualTo(oids[1]);
    }

    @Test
    void rewritingHistoryAndMalformedDeletionsAreRefusedAndChangeNothing() {
        HttpResponse<String> rewrite = delete("{\"deletions\":{\"sha\":[\"" + oids[0] + "\"],\"rewriteHistory\":true}}");
        HttpResponse<String> noFlag = delete("{\"deletions\":{\"sha\":[\"" + oids[0] + "\"]}}");
        HttpResponse<String> notAList = delete("{\"deletions\":{\"sha\":\"" + oids[0] + "\",\"rewriteHistory\":false}}");
        HttpResponse<String> empty = delete("{\"deletions\":{\"sha\":[],\"rewriteHistory\":false}}");
        HttpResponse<String> badSha = delete("{\"deletions\":{\"sha\":[\"../" + oids[0] + "\"],\"rewriteHistory\":false}}");
        HttpResponse<String> notJson = delete("{\"deletions\":");

        assertThat(rewrite.statusCode()).isEqualTo(400);
        assertThat(rewrite.body()).contains("rewrite_history=False");
        assertThat(noFlag.statusCode()).isEqualTo(400);
        assertThat(notAList.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(badSha.statusCode()).isEqualTo(400);
        assertThat(badSha.body()).contains("64 lower-case hex");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(HubFixtures.json(server.send("GET", API, ServerFixture.ADMIN_TOKEN, null))).hasSize(2);
    }

    @Test
    void superSquashLeavesOneCommitAndTheListingThenShowsWhatOnlyHistoryNamed() {
        HttpResponse<String> replaced = server.send("POST", "/api/models/admin/m/commit/main", ServerFixture.ADMIN_TOKEN,
                "{\"key\":\"header\",\"value\":{\"summary\":\"drop w0\"}}\n{\"key\":\"deletedFile\",\"value\":{\"path\":\"ckpt/w0.bin\"}}");
        HttpResponse<String> squash = server.send("POST", "/api/models/admin/m/super-squash/main", ServerFixture.ADMIN_TOKEN,
                "{\"message\":\"One commit\"}");
        HttpResponse<String> badMessage = server.send("POST", "/api/models/admin/m/super-squash/main", ServerFixture.ADMIN_TOKEN, "{\"message\":5}");
        JsonNode commits = HubFixtures.json(server.send("GET", "/api/models/admin/m/commits/main", ServerFixture.ADMIN_TOKEN, null));
        JsonNode files = HubFixtures.json(server.send("GET", API, ServerFixture.ADMIN_TOKEN, null));

        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(squash.statusCode()).as(squash.body()).isEqualTo(200);
        assertThat(badMessage.statusCode()).isEqualTo(400);
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).path("id").asText()).isEqualTo(HubFixtures.json(squash).path("commitOid").asText());
        assertThat(commits.get(0).path("title").asText()).isEqualTo("One commit");
        assertThat(files).extracting(f -> f.path("filename").asText()).containsExactly("", "ckpt/w1.bin");
    }
}
