package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.Test;

/**
 * The explorers over HTTP on both databases: the {@code /api/chorus/explore/…} numbers and the {@code /explore}
 * pages count lab's private model and dataset only for its member, link a treemap tile to its organisation and a
 * dataset to the models trained on it, and answer bad input with 400 (a JSON message, or the error page).
 */
abstract class ExplorersContract extends ServerContract {
    String ann;

    void seed() {
        ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        WebFixtures.repo(server, ann, "model", "ann", "base", false, card("text-classification", "ann/reviews"));
        labRepo("model", "vision", false, card("image-classification", "ann/reviews"));
        labRepo("model", "hidden", true, card("text-classification", "lab/secret-data"));
        labRepo("dataset", "secret-data", true, "---\nlicense: other\ntask_categories: [image-classification]\n---\n");
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false,
                "---\nlicense: mit\ntask_categories: [text-classification]\nsize_categories: [1K<n<10K]\n---\n# Reviews\n");
    }

    static String card(String task, String dataset) {
        return "---\npipeline_tag: " + task + "\ndatasets: [" + dataset + "]\n---\n# Model\n";
    }

    private void labRepo(String type, String name, boolean isPrivate, String readme) {
        HttpResponse<String> r = server.send("POST", "/api/repos/create", ann,
                "{\"name\":\"" + name + "\",\"organization\":\"lab\",\"type\":\"" + type + "\",\"private\":" + isPrivate + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":"
                + JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}";
        HttpResponse<String> c = server.send("POST", "/api/" + type + "s/lab/" + name + "/commit/main", ann, body);
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
    }

    private JsonNode api(String path, String token) {
        HttpResponse<String> r = server.get(path, token);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json(r);
    }

    @Test
    void apisAndPagesCountWhatEachCallerMayRead() {
        seed();
        for (String token : java.util.Arrays.asList(null, ann)) {
            boolean member = token != null;
            String who = member ? "ann" : "anonymous";
            JsonNode lab = api("/api/chorus/explore/organizations/lab", token);
            assertThat(lab.path("organization").path("models").asLong()).as(who).isEqualTo(member ? 2 : 1);
            assertThat(lab.path("organization").path("datasets").asLong()).as(who).isEqualTo(member ? 1 : 0);
            assertThat(lab.path("tasks").toString().contains("text-classification")).as(who).isEqualTo(member);
            JsonNode ranking = api("/api/chorus/explore/organizations?sort=models", token);
            assertThat(ranking.path("total").asLong()).as(who).isEqualTo(2);
            assertThat(ranking.path("organizations").get(0).path("name").asText()).as(who).isEqualTo(member ? "lab" : "ann");
            JsonNode trained = api("/api/chorus/explore/trained-on", token);
            assertThat(trained.path("datasets").get(0).toString()).as(who).isEqualTo("{\"dataset\":\"ann/reviews\",\"models\":2}");
            assertThat(trained.path("total").asLong()).as(who).isEqualTo(member ? 2 : 1);
            JsonNode datasets = api("/api/chorus/explore/datasets", token);
            assertThat(datasets.path("total").asLong()).as(who).isEqualTo(member ? 2 : 1);
            assertThat(datasets.path("columns").path("license").toString().contains("other")).as(who).isEqualTo(member);
            JsonNode treemap = api("/api/chorus/explore/treemap?size=models&organizations=5", token);
            assertThat(treemap.toString().contains("text-classification")).as(who).isTrue(); // ann/base's
            JsonNode weeks = api("/api/chorus/explore/activity?weeks=2", token);
            assertThat(weeks.path("organizations").get(0).path("organization").asText()).isEqualTo("lab");
            // the same commits the organisation's own calendar counts (create + card per repository it may read)
            assertThat(weeks.path("organizations").get(0).path("total").asLong()).as(who).isEqualTo(member ? 6 : 2);
        }

        WebClient anonymous = new WebClient(server.url());
        String modelverse = anonymous.get("/explore/modelverse").body();
        assertThat(modelverse).contains("data-org=\"lab\"", "href=\"/explore/organizations/lab\"", "<svg viewBox=\"0 0 960 520\"",
                "aria-label=\"lab: 1 models\"").doesNotContain("lab: 2 models");
        HttpResponse<String> labPage = anonymous.get("/explore/organizations/lab");
        assertThat(labPage.statusCode()).isEqualTo(200);
        assertThat(labPage.body()).contains("image-classification", "class=\"chart heatmap\"").doesNotContain("text-classification");
        String dataverse = anonymous.get("/explore/dataverse").body();
        assertThat(dataverse).contains("data-dataset=\"ann/reviews\"", "href=\"/models?filter=dataset%3Aann%2Freviews\"", "1K&lt;n&lt;10K")
                .doesNotContain("secret-data");
        assertThat(anonymous.get("/explore/activity").body()).contains("href=\"/explore/organizations/lab\"");
        assertThat(anonymous.get("/explore").body()).contains("href=\"/explore/modelverse\"");

        WebClient member = new WebClient(server.url());
        member.signIn("ann", WebFixtures.PASSWORD);
        assertThat(member.get("/explore/organizations/lab").body()).contains("text-classification");
        assertThat(member.get("/explore/dataverse").body()).contains("lab/secret-data");
    }

    @Test
    void emptyRankingsSayWhyInsteadOfAnEmptyTable() {
        WebClient anonymous = new WebClient(server.url());
        assertThat(anonymous.get("/explore/modelverse").body()).contains("No one has a model or dataset you can see yet.")
                .doesNotContain("class=\"table ranking\"");
        assertThat(anonymous.get("/explore/dataverse").body()).contains("No model you can see names a dataset it was trained on yet.")
                .doesNotContain("class=\"table trained-on\"");
        seed();
        assertThat(anonymous.get("/explore/modelverse").body()).contains("class=\"table ranking\"").doesNotContain("No one has");
        String pastTheEnd = anonymous.get("/explore/modelverse?p=3").body();
        assertThat(pastTheEnd).contains("No owners on this page: the ranking has 2.", "rel=\"prev\" href=\"/explore/modelverse?sort=models&amp;size=models\"")
                .as("Previous goes back to the last page with owners, the first").doesNotContain("class=\"table ranking\"", "p=2");
        String datasetsPastTheEnd = anonymous.get("/explore/dataverse?p=4").body();
        assertThat(datasetsPastTheEnd).contains("No datasets on this page: models name 1.", "rel=\"prev\" href=\"/explore/dataverse\"")
                .doesNotContain("class=\"table trained-on\"", "p=3");
    }

    @Test
    void badInputIsRefusedWith400() {
        for (String path : List.of("/api/chorus/explore/organizations?sort=stars", "/api/chorus/explore/organizations?ecosystem=Bad%20Name",
                "/api/chorus/explore/organizations?limit=0",
                "/api/chorus/explore/organizations?limit=101", "/api/chorus/explore/organizations?offset=-1",
                "/api/chorus/explore/organizations?offset=10001", "/api/chorus/explore/organizations?limit=x",
                "/api/chorus/explore/organizations/bad%20name", "/api/chorus/explore/organizations/" + "a".repeat(200),
                "/api/chorus/explore/treemap?organizations=0", "/api/chorus/explore/treemap?organizations=51",
                "/api/chorus/explore/treemap?size=datasets", "/api/chorus/explore/datasets?limit=1000",
                "/api/chorus/explore/trained-on?offset=99999999999", "/api/chorus/explore/activity?weeks=0",
                "/api/chorus/explore/activity?weeks=54", "/api/chorus/explore/activity?limit=101",
                "/api/chorus/explore/activity?ecosystem=elsewhere")) {
            HttpResponse<String> r = server.get(path, null);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(path).isNotBlank();
        }
        assertThat(server.get("/api/chorus/explore/organizations/nobody", null).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = server.get("/api/chorus/explore/organizations?ecosystem=elsewhere", null);
        assertThat(unknown.statusCode()).as("an ecosystem not imported is missing").isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).isNotBlank();
        WebClient browser = new WebClient(server.url());
        assertThat(browser.get("/explore/dataverse?ecosystem=elsewhere").statusCode()).isEqualTo(404);
        for (String path : List.of("/explore/modelverse?sort=stars", "/explore/modelverse?p=-1", "/explore/dataverse?ecosystem=Bad%20Name",
                "/explore/activity?weeks=999", "/explore/organizations/bad%20name")) {
            HttpResponse<String> r = browser.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("That did not work");
        }
    }
}
