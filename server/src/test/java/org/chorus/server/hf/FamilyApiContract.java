package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model-tree explorer's API over HTTP: a family's JSON, the families ranking and drift, for an anonymous caller
 * and the owner of a private derivative; hostile parameters are a 400 with a JSON message, an invisible model the same
 * 404 as a missing one. (The figures themselves are checked by hand in {@code discovery.LineageContract}.)
 */
abstract class FamilyApiContract extends ServerContract {
    String ann;

    @BeforeEach
    void seed() {
        ann = HubFixtures.user(server, "ann", "write");
        model("base", false, "license: apache-2.0\nlanguage: [en, fr]");
        model("tuned", false, "license: cc-by-nc-4.0\nlanguage: [en]\nbase_model: ann/base");
        model("quant", false, "license: cc-by-nc-4.0\nlanguage: [en]\nbase_model: ann/tuned\nbase_model_relation: quantized");
        model("hidden", true, "license: mit\nbase_model: ann/base");
    }

    private void model(String name, boolean isPrivate, String yaml) {
        HttpResponse<String> r = server.send("POST", "/api/repos/create", ann,
                "{\"name\":\"" + name + "\",\"type\":\"model\",\"private\":" + isPrivate + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String readme = "---\n" + yaml + "\n---\n# " + name + "\n";
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":"
                + JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}";
        HttpResponse<String> c = server.send("POST", "/api/models/ann/" + name + "/commit/main", ann, body);
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
    }

    private JsonNode ok(String path, String token) {
        HttpResponse<String> r = server.get(path, token);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void aFamilyItsRankingAndItsDriftForEachCaller() {
        JsonNode family = ok("/api/chorus/explore/families/ann/base", null);
        assertThat(family.path("id").asText()).isEqualTo("ann/base");
        assertThat(family.path("descendants").asLong()).isEqualTo(2);
        assertThat(family.path("depth").asInt()).isEqualTo(2);
        assertThat(family.path("generations").get(1).path("relations").path("quantized").asLong()).isEqualTo(1);
        assertThat(family.path("tree").path("children").get(0).path("id").asText()).isEqualTo("ann/tuned");
        assertThat(family.path("tree").path("children").get(0).path("children").get(0).path("relation").asText()).isEqualTo("quantized");
        assertThat(family.path("topByDownloads").size()).isEqualTo(2);
        assertThat(ok("/api/chorus/explore/families/ann/base?ecosystem=hub", ann).path("descendants").asLong()).isEqualTo(3);

        JsonNode ranking = ok("/api/chorus/explore/families?limit=1", null);
        assertThat(ranking.path("hasMore").asBoolean()).isTrue();
        assertThat(ranking.path("families").get(0).path("id").asText()).isEqualTo("ann/base");
        assertThat(ranking.path("families").get(0).path("derivatives").asLong()).isEqualTo(1);
        assertThat(ok("/api/chorus/explore/families", ann).path("families").get(0).path("derivatives").asLong()).isEqualTo(2);

        JsonNode drift = ok("/api/chorus/explore/drift/ann/base", null);
        assertThat(drift.path("edges").asLong()).isEqualTo(2);
        // apache-2.0 → cc-by-nc-4.0 (towards restrictive), then cc-by-nc-4.0 → cc-by-nc-4.0 (unchanged)
        assertThat(drift.path("licences").path("changed").asLong()).isEqualTo(1);
        assertThat(drift.path("licences").path("towardsRestrictive").asLong()).isEqualTo(1);
        // [en, fr] → [en]: fewer and English only; [en] → [en]: neither
        assertThat(drift.path("languages").path("fewer").asLong()).isEqualTo(1);
        assertThat(drift.path("languages").path("englishOnly").asLong()).isEqualTo(1);
        assertThat(drift.path("cardLength").size()).isEqualTo(3);
    }

    @Test
    void hostileParametersAre400AndAnInvisibleModelIsTheSame404AsAMissingOne() {
        HttpResponse<String> hidden = server.get("/api/chorus/explore/families/ann/hidden", null);
        HttpResponse<String> missing = server.get("/api/chorus/explore/families/ann/nothing", null);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(hidden).path("error").asText()).isEqualTo(json(missing).path("error").asText().replace("nothing", "hidden"));
        assertThat(server.get("/api/chorus/explore/drift/ann/hidden", null).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/chorus/explore/drift/ann/hidden", ann).statusCode()).isEqualTo(200);
        List<String> bad = new ArrayList<>(List.of("/api/chorus/explore/families?limit=0", "/api/chorus/explore/families?limit=101",
                "/api/chorus/explore/families?offset=-1", "/api/chorus/explore/families?offset=99999999999", "/api/chorus/explore/families?limit=x",
                "/api/chorus/explore/families?ecosystem=" + URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8),
                "/api/chorus/explore/families/ann/base?ecosystem=" + "x".repeat(5000)));
        for (String path : bad) {
            HttpResponse<String> r = server.get(path, null);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(path).isNotBlank().doesNotContain("passwd");
        }
        HttpResponse<String> unknown = server.get("/api/chorus/explore/drift/ann/base?ecosystem=nope", null);
        assertThat(unknown.statusCode()).as("an ecosystem not imported is missing").isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).contains("nope");
        for (String name : List.of("ann/-bad-", "ann/a..b", "ann/" + "n".repeat(300))) {
            HttpResponse<String> r = server.get("/api/chorus/explore/families/" + name, null);
            assertThat(r.statusCode()).as(name + ": " + r.body()).isIn(400, 404);
            assertThat(json(r).path("error").asText()).isNotBlank();
        }
    }
}
