package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.Test;

/**
 * The pages that find repositories (home, the model and dataset lists) and the card's panels (downloads chart, likes,
 * snippets, model tree), over HTTP on both databases: each shows what the JSON API shows the same caller.
 */
abstract class WebExploreContract extends ServerContract {
    private static final Pattern ROW = Pattern.compile("<li data-id=\"([^\"]+)\"");

    String ann;

    /** ann's models with cards for the facets, a finetune of one, a private one, lab's model and a dataset. */
    void seed() {
        ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        WebFixtures.repo(server, ann, "model", "ann", "base", false, card("mit", "text-classification", "en", null));
        WebFixtures.repo(server, ann, "model", "ann", "tuned", false, card("mit", "text-classification", "fr", "ann/base"));
        WebFixtures.repo(server, ann, "model", "ann", "vision", false, card("apache-2.0", "image-classification", "en", null));
        WebFixtures.repo(server, ann, "model", "ann", "hidden", true, card("mit", "text-classification", "en", "ann/base"));
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> r = server.send("POST", "/api/repos/create", ann, "{\"name\":\"labmodel\",\"organization\":\"lab\",\"type\":\"model\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "---\nlicense: mit\n---\n# Reviews\n");
    }

    static String card(String license, String task, String language, String base) {
        return "---\nlicense: " + license + "\npipeline_tag: " + task + "\nlibrary_name: transformers\nlanguage: [" + language + "]\n"
                + (base == null ? "" : "base_model: " + base + "\nbase_model_relation: finetune\n") + "---\n# Model\n";
    }

    static List<String> rows(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    List<String> apiIds(String query, String token) {
        List<String> ids = new ArrayList<>();
        json(server.get("/api/models?limit=30&" + query, token)).forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    @Test
    void theListShowsWhatTheApiListsAndFacetsNarrowIt() {
        seed();
        server.get("/ann/vision/resolve/main/README.md", null); // one download: sorts by downloads differ from creation
        server.refreshDownloadCounts(); // lists take downloads at the node's next batch
        WebClient anonymous = new WebClient(server.url());
        for (String query : List.of("sort=downloads", "sort=createdAt", "sort=trending", "sort=likes", "sort=lastModified",
                "filter=license:mit&sort=createdAt", "search=tu&sort=createdAt", "author=lab&sort=createdAt",
                "filter=base_model:finetune:ann/base&sort=createdAt", "filter=text-classification,language:en&sort=downloads")) {
            HttpResponse<String> page = anonymous.get("/models?" + query);
            assertThat(page.statusCode()).as(query).isEqualTo(200);
            List<String> shown = rows(page.body());
            assertThat(shown).as(query).isEqualTo(apiIds(query, null));
            assertThat(shown).as(query).doesNotContain("ann/hidden");
        }
        assertThat(rows(anonymous.get("/models?sort=downloads").body())).startsWith("ann/vision").hasSize(4);
        assertThat(rows(anonymous.get("/models?filter=base_model:finetune:ann/base").body())).containsExactly("ann/tuned");
        assertThat(rows(anonymous.get("/datasets").body())).containsExactly("ann/reviews");

        WebClient annBrowser = new WebClient(server.url());
        annBrowser.signIn("ann", WebFixtures.PASSWORD);
        List<String> mine = rows(annBrowser.get("/models?filter=license:mit&sort=createdAt").body());
        assertThat(mine).contains("ann/hidden").isEqualTo(apiIds("filter=license:mit&sort=createdAt", ann));

        String all = anonymous.get("/models").body();
        assertThat(all).contains("title=\"2 repositories\"").contains("href=\"/models?filter=license%3Amit&amp;sort=trending\"")
                .contains("href=\"/models?author=lab&amp;sort=trending\"");
        String filtered = anonymous.get("/models?filter=license%3Amit&sort=trending").body();
        assertThat(filtered).as("a chosen value is pressed and its link removes it")
                .containsPattern("href=\"/models\\?sort=trending\" aria-current=\"true\"");
        assertThat(anonymous.get("/models?p=-1").statusCode()).isEqualTo(400);
        assertThat(anonymous.get("/models?sort=%3Cscript%3E").body()).doesNotContain("<script>");
    }

    @Test
    void listsPageThroughResults() {
        ann = WebFixtures.user(server, "ann");
        for (int i = 0; i < 31; i++) {
            assertThat(server.send("POST", "/api/repos/create", ann, "{\"name\":\"m" + i + "\",\"type\":\"model\"}").statusCode()).isEqualTo(200);
        }
        WebClient anonymous = new WebClient(server.url());
        String first = anonymous.get("/models?sort=createdAt").body();
        assertThat(rows(first)).hasSize(30).isEqualTo(apiIds("sort=createdAt", null));
        assertThat(first).contains("rel=\"next\" href=\"/models?sort=createdAt&amp;p=1\"").doesNotContain("rel=\"prev\"");
        String second = anonymous.get("/models?sort=createdAt&p=1").body();
        assertThat(rows(second)).containsExactly("ann/m0");
        assertThat(second).contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
    }

    @Test
    void homeShowsTrendingForEveryoneAndYourOwnWorkWhenSignedIn() {
        seed();
        for (int i = 0; i < 3; i++) {
            server.get("/ann/tuned/resolve/main/README.md", null);
        }
        server.refreshDownloadCounts(); // the trending list takes downloads at the node's next batch
        WebClient anonymous = new WebClient(server.url());
        String home = anonymous.get("/").body();
        String trending = home.substring(home.indexOf("Trending models"), home.indexOf("Trending datasets"));
        assertThat(rows(trending)).first().isEqualTo("ann/tuned");
        assertThat(rows(trending)).doesNotContain("ann/hidden");
        assertThat(home).doesNotContain("Your repositories").doesNotContain("Recent activity");
        assertThat(rows(home.substring(home.indexOf("Trending datasets")))).contains("ann/reviews");

        WebClient annBrowser = new WebClient(server.url());
        annBrowser.signIn("ann", WebFixtures.PASSWORD);
        String mine = annBrowser.get("/").body();
        assertThat(rows(mine.substring(mine.indexOf("Your repositories"), mine.indexOf("Your organisations"))))
                .contains("ann/hidden", "ann/reviews").doesNotContain("lab/labmodel");
        assertThat(mine).contains("href=\"/lab\"").contains("add card").contains("committed to <a href=\"/ann/hidden\">");

        WebClient bobBrowser = new WebClient(server.url());
        bobBrowser.signIn("bob", WebFixtures.PASSWORD);
        String bobs = bobBrowser.get("/").body();
        assertThat(bobs).contains("Recent activity").doesNotContain("ann/hidden").contains("You are in no organisation yet");
    }

    @Test
    void theCardShowsDownloadsLikesSnippetsAndTheModelTree() {
        seed();
        server.get("/ann/base/resolve/main/README.md", null);
        server.get("/ann/base/resolve/main/README.md", null);
        WebClient anonymous = new WebClient(server.url());
        String card = anonymous.get("/ann/base").body();
        assertThat(card).contains("2 downloads</title>").containsPattern("<rect class=\"bar\"[^>]*height=\"60\"")
                .contains("snapshot_download(\"ann/base\", endpoint=\"" + server.url() + "\")")
                .contains("git clone " + server.url() + "/ann/base").contains("chorus download ann/base")
                .contains("RepoId.parse(\"ann/base\")").contains("hubUrl: \"" + server.url());
        assertThat(card).as("the private finetune is not counted for anonymous")
                .contains("href=\"/models?filter=base_model%3Afinetune%3Aann%2Fbase\" data-relation=\"finetune\">1 finetunes</a>")
                .contains("href=\"/login?next=%2Fann%2Fbase\"");
        assertThat(anonymous.get("/ann/tuned").body()).contains("<a href=\"/ann/base\">ann/base</a> <span class=\"badge\">finetune</span>");
        assertThat(anonymous.get("/datasets/ann/reviews").body()).contains("Use this dataset").contains("repo_type=\"dataset\"")
                .doesNotContain("Model tree");

        WebClient bob = new WebClient(server.url());
        bob.signIn("bob", WebFixtures.PASSWORD);
        String csrf = bob.csrf("/ann/base");
        assertThat(bob.post("/ann/base/like", Map.of("like", "true")).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(json(server.get("/api/models/ann/base", null)).path("likes").asInt()).isZero();
        HttpResponse<String> liked = bob.post("/ann/base/like", Map.of("_csrf", csrf, "like", "true"));
        assertThat(liked.statusCode()).isEqualTo(303);
        assertThat(json(server.get("/api/models/ann/base", null)).path("likes").asInt()).isEqualTo(1);
        assertThat(bob.get("/ann/base").body()).contains("aria-pressed=\"true\"").contains("name=\"like\" value=\"false\"");
        bob.headers.put("HX-Request", "true");
        HttpResponse<String> unliked = bob.post("/ann/base/like", Map.of("_csrf", csrf, "like", "false"));
        assertThat(unliked.statusCode()).isEqualTo(200);
        assertThat(unliked.body().strip()).startsWith("<form class=\"like\"").contains("aria-pressed=\"false\"").doesNotContain("<html");
        assertThat(json(server.get("/api/models/ann/base", null)).path("likes").asInt()).isZero();
        assertThat(bob.post("/ann/hidden/like", Map.of("_csrf", csrf, "like", "true")).statusCode()).as("invisible: 404").isEqualTo(404);
        assertThat(anonymous.post("/ann/base/like", Map.of("_csrf", anonymous.csrf("/login"), "like", "true")).statusCode()).isEqualTo(401);
    }
}
