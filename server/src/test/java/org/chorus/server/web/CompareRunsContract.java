package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compare page of runs over HTTP (web/runs/CompareRunsPages): the table with its differences, the one series
 * answer per metric carrying every run on a shared step grid, the 2–100 runs limit, the runs table's selection, and
 * permissions (a run the caller may not read answers as a missing one); and the run page's "Registered as" links.
 */
public abstract class CompareRunsContract extends ServerContract {
    static final String API = "/api/2.0/mlflow/";
    String ann;
    String bob;
    WebClient annWeb;
    WebClient bobWeb;

    @BeforeEach
    void seed() {
        ann = WebFixtures.user(server, "ann");
        bob = WebFixtures.user(server, "bob");
        annWeb = new WebClient(server.url());
        annWeb.signIn("ann", WebFixtures.PASSWORD);
        bobWeb = new WebClient(server.url());
        bobWeb.signIn("bob", WebFixtures.PASSWORD);
    }

    JsonNode api(String token, String path, String body) {
        HttpResponse<String> r = server.send("POST", API + path, token, body);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json(r);
    }

    String experiment(String name) {
        return api(ann, "experiments/create", "{\"name\":\"" + name + "\"}").path("experiment_id").asText();
    }

    /** A run with params lr and batch, tag team, and metric acc at steps 0..9 (acc = base + step / 100). */
    String run(String experiment, String name, String lr, double base) {
        String id = api(ann, "runs/create", "{\"experiment_id\":\"" + experiment + "\",\"run_name\":\"" + name + "\"}")
                .path("run").path("info").path("run_id").asText();
        List<String> metrics = new ArrayList<>();
        for (int step = 0; step < 10; step++) {
            metrics.add("{\"key\":\"acc\",\"value\":" + (base + step / 100.0) + ",\"timestamp\":" + (1000 + step) + ",\"step\":" + step + "}");
        }
        api(ann, "runs/log-batch", "{\"run_id\":\"" + id + "\",\"metrics\":[" + String.join(",", metrics) + "],\"params\":[{\"key\":\"lr\",\"value\":\""
                + lr + "\"},{\"key\":\"batch\",\"value\":\"64\"}],\"tags\":[{\"key\":\"team\",\"value\":\"red\"}]}");
        return id;
    }

    static String runs(String... ids) {
        return String.join("&", java.util.Arrays.stream(ids).map(id -> "run=" + id).toList());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void thePageShowsEveryRunInItsColourAndTheTableMarksWhatDiffers() {
        String e = experiment("cmp");
        String a = run(e, "alpha", "0.1", 0.5);
        String b = run(e, "beta", "0.01", 0.6);
        String c = run(e, "gamma <i>", "0.001", 0.7);
        HttpResponse<String> page = annWeb.get("/experiments/" + e + "/compare?" + runs(a, b, c));
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        assertThat(body).contains("Compare 3 runs").contains(">alpha</a>").contains(">beta</a>").contains("gamma &lt;i&gt;").doesNotContain("gamma <i>")
                .contains("data-color=\"#0072B2\"").contains("data-color=\"#E69F00\"").contains("data-color=\"#009E73\"")
                .contains("/assets/compare.").contains("/assets/uPlot.iife.min.");
        assertThat(body).contains("<tr data-same=\"no\"><th scope=\"row\"><span class=\"muted\">params.</span>lr</th><td class=\"mono\">0.1</td><td class=\"mono\">0.01</td><td class=\"mono\">0.001</td></tr>");
        assertThat(body).contains("<tr data-same=\"yes\"><th scope=\"row\"><span class=\"muted\">params.</span>batch</th>");
        assertThat(body).contains("<tr data-same=\"yes\"><th scope=\"row\"><span class=\"muted\">tags.</span>team</th>");
        assertThat(body).contains("data-compare-series=\"/experiments/" + e + "/compare/series?key=acc&amp;" + runs(a, b, c).replace("&", "&amp;") + "\"");
        assertThat(body).as("the differing param is a default axis").contains("name=\"axis\" value=\"lr\" checked")
                .contains("name=\"axis\" value=\"batch\">");

        String differences = annWeb.get("/experiments/" + e + "/compare?" + runs(a, b, c) + "&diff=1&pm=acc&sx=params.batch&bp=lr").body();
        assertThat(differences).contains("<tr data-same=\"yes\" hidden><th scope=\"row\"><span class=\"muted\">params.</span>batch</th>")
                .contains("<tr data-same=\"no\"><th scope=\"row\"><span class=\"muted\">params.</span>lr</th>")
                .contains("id=\"diff\" checked").contains("<option value=\"params.batch\" selected>");
        assertThat(annWeb.get("/experiments/" + e + "/compare?" + runs(a, b) + "&sx=" + q("params.nope\"><script>")).body())
                .as("an unknown choice falls back to the default").doesNotContain("<script>").contains("<option value=\"params.batch\" selected>");
    }

    @Test
    void oneAnswerPerMetricCarriesEveryRunOnASharedGrid() {
        String e = experiment("grid");
        String a = run(e, "a", "1", 0.5);
        String b = run(e, "b", "2", 0.25);
        String c = run(e, "c", "3", 0);
        JsonNode small = json(annWeb.get("/experiments/" + e + "/compare/series?key=acc&" + runs(b, a)));
        assertThat(small.path("steps").toString()).as("ten steps: one cell each, exact").isEqualTo("[0.0,1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0,9.0]");
        assertThat(small.path("runs").size()).isEqualTo(2);
        assertThat(small.path("runs").get(0).path("run").asText()).isEqualTo(b);
        assertThat(small.path("runs").get(0).path("values").get(3).asDouble()).isEqualTo(0.28, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(small.path("runs").get(1).path("values").get(9).asDouble()).isEqualTo(0.59, org.assertj.core.data.Offset.offset(1e-6));

        List<String> batch = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            double v = step == 12_345 ? 99 : step == 4_321 ? -99 : Math.sin(step / 70.0);
            batch.add("{\"key\":\"acc\",\"value\":" + v + ",\"timestamp\":" + step + ",\"step\":" + (step + 10) + "}");
            if (batch.size() == 1000) {
                api(ann, "runs/log-batch", "{\"run_id\":\"" + c + "\",\"metrics\":[" + String.join(",", batch) + "]}");
                batch.clear();
            }
        }
        JsonNode mixed = json(annWeb.get("/experiments/" + e + "/compare/series?key=acc&" + runs(a, c)));
        assertThat(mixed.path("steps").size()).isLessThanOrEqualTo(2000).isGreaterThan(500);
        assertThat(mixed.path("steps").get(0).asDouble()).isZero();
        JsonNode longRun = mixed.path("runs").get(1);
        assertThat(longRun.path("points").asLong()).isEqualTo(20_010);
        assertThat(longRun.path("reduced").asBoolean()).isTrue();
        assertThat(longRun.path("values").toString()).as("extremes survive both reductions").contains("99.0", "-99.0");
        assertThat(longRun.path("values").size()).isEqualTo(mixed.path("steps").size());
        JsonNode shortRun = mixed.path("runs").get(0);
        long shown = java.util.stream.StreamSupport.stream(shortRun.path("values").spliterator(), false).filter(v -> !v.isNull()).count();
        assertThat(shown).as("ten steps fall in the first cells, lowest and highest kept").isBetween(1L, 4L);
        assertThat(shortRun.path("values").toString()).contains("0.5").contains("0.59");

        assertThat(json(annWeb.get("/experiments/" + e + "/compare/series?key=nothing&" + runs(a, b))).path("runs").get(0).path("values").size()).isZero();
    }

    @Test
    void twoToAHundredRunsOfTheExperimentAndEveryOneReadable() {
        String e = experiment("limits");
        String a = run(e, "a", "1", 0.5);
        String b = run(e, "b", "2", 0.5);
        HttpResponse<String> one = annWeb.get("/experiments/" + e + "/compare?" + runs(a, a));
        assertThat(one.statusCode()).isEqualTo(400);
        assertThat(one.body()).contains("Compare 2 to 100 runs: 1 selected");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(String.format("%032x", i));
        }
        HttpResponse<String> tooMany = annWeb.get("/experiments/" + e + "/compare?" + runs(many.toArray(String[]::new)));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(tooMany.body()).contains("101 selected");
        assertThat(annWeb.get("/experiments/" + e + "/compare/series?key=acc&" + runs(a)).statusCode()).isEqualTo(400);
        assertThat(annWeb.get("/experiments/" + e + "/compare?" + runs(a, "0123456789abcdef0123456789abcdef")).statusCode()).isEqualTo(404);
        String elsewhere = run(experiment("elsewhere"), "c", "3", 0.5);
        assertThat(annWeb.get("/experiments/" + e + "/compare?" + runs(a, elsewhere)).statusCode()).as("a run of another experiment").isEqualTo(404);
        assertThat(annWeb.get("/experiments/" + e + "/compare/series?key=acc&" + runs(a, elsewhere)).statusCode()).isEqualTo(404);

        api(ann, "experiments/permissions/create", "{\"experiment_id\":\"" + e + "\",\"username\":\"bob\",\"permission\":\"NO_PERMISSIONS\"}");
        HttpResponse<String> hidden = bobWeb.get("/experiments/" + e + "/compare?" + runs(a, b));
        HttpResponse<String> missing = bobWeb.get("/experiments/" + e + "/compare?" + runs("0123456789abcdef0123456789abcdef", b));
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain(">a</a>").doesNotContain("limits");
        assertThat(bobWeb.get("/experiments/" + e + "/compare/series?key=acc&" + runs(a, b)).statusCode()).isEqualTo(404);
    }

    @Test
    void theRunsTableSelectionGoesToTheComparePage() {
        String e = experiment("selection");
        String a = run(e, "a", "1", 0.5);
        String b = run(e, "b", "2", 0.5);
        assertThat(annWeb.get("/experiments/" + e).body()).contains("name=\"op\" value=\"compare\"").contains("form=\"bulk\" name=\"run\"");
        HttpResponse<String> chosen = annWeb.request("POST", "/experiments/" + e + "/runs/bulk", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "_csrf=" + q(annWeb.csrf("/experiments")) + "&op=compare&" + runs(a, b));
        assertThat(chosen.statusCode()).isEqualTo(303);
        assertThat(chosen.headers().firstValue("Location").orElseThrow()).isEqualTo("/experiments/" + e + "/compare?" + runs(a, b));
        assertThat(new WebClient(server.url()).get("/experiments/" + e).body()).as("signed out: a plain GET form")
                .contains("<form id=\"compare-selection\" method=\"get\" action=\"/experiments/" + e + "/compare\"")
                .contains("form=\"compare-selection\" name=\"run\"");
    }

    @Test
    void theRunPageLinksTheVersionsRegisteredFromItAndTheirHubRevision() throws Exception {
        WebFixtures.repo(server, ann, "model", "ann", "detector", false, null);
        String commit = RepoFixtures.commit(server, ann, "model", "ann/detector", "weights", Map.of("README.md", "# d\n".getBytes(StandardCharsets.UTF_8)));
        String e = experiment("registered");
        String r = run(e, "r", "1", 0.5);
        String other = run(e, "other", "1", 0.5);
        api(ann, "registered-models/create", "{\"name\":\"fraud/<b>det</b>\"}");
        api(ann, "model-versions/create", "{\"name\":\"fraud/<b>det</b>\",\"source\":\"chorus://ann/detector@" + commit + "\",\"run_id\":\"" + r + "\"}");
        api(ann, "registered-models/create", "{\"name\":\"secret\"}");
        api(ann, "model-versions/create", "{\"name\":\"secret\",\"source\":\"chorus://ann/detector@" + commit + "\",\"run_id\":\"" + r + "\"}");
        api(ann, "registered-models/permissions/create", "{\"name\":\"secret\",\"username\":\"bob\",\"permission\":\"NO_PERMISSIONS\"}");

        String page = annWeb.get("/experiments/" + e + "/runs/" + r).body();
        assertThat(page).contains("Registered as <a href=\"/registry/version?name=fraud%2F%3Cb%3Edet%3C%2Fb%3E&amp;version=1\">fraud/&lt;b&gt;det&lt;/b&gt; v1</a>")
                .contains("<a href=\"/ann/detector\">ann/detector</a>").contains("href=\"/ann/detector/tree/" + commit + "\"")
                .contains("Registered as <a href=\"/registry/version?name=secret&amp;version=1\">secret v1</a>");
        assertThat(bobWeb.get("/experiments/" + e + "/runs/" + r).body()).as("a model bob may not read is not named")
                .contains("fraud/&lt;b&gt;det&lt;/b&gt; v1").doesNotContain("secret");
        assertThat(annWeb.get("/experiments/" + e + "/runs/" + other).body()).doesNotContain("Registered as");
    }
}
