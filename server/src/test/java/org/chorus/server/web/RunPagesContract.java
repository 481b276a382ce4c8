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
 * The experiment and run pages over HTTP (web/runs): the experiments list and its forms, the runs table's paging,
 * sorting, filtering (the API's parser and its error position), columns, grouping and bulk changes, the run page with
 * its note, and the chart series reduced on the server. Data is logged through the MLflow API, as a client would.
 */
public abstract class RunPagesContract extends ServerContract {
    static final String API = "/api/2.0/mlflow/";
    String token;
    WebClient ann;

    @BeforeEach
    void seed() {
        token = WebFixtures.user(server, "ann");
        ann = new WebClient(server.url());
        ann.signIn("ann", WebFixtures.PASSWORD);
    }

    JsonNode api(String method, String path, String body) {
        HttpResponse<String> r = server.send(method, API + path, token, body);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
        return json(r);
    }

    String experiment(String name) {
        return api("POST", "experiments/create", "{\"name\":" + JSON.valueToTree(name) + "}").path("experiment_id").asText();
    }

    String run(String experiment, String name, double acc, String optimizer) {
        String id = api("POST", "runs/create", "{\"experiment_id\":\"" + experiment + "\",\"run_name\":\"" + name + "\"}")
                .path("run").path("info").path("run_id").asText();
        api("POST", "runs/log-batch", "{\"run_id\":\"" + id + "\",\"metrics\":[{\"key\":\"acc\",\"value\":" + acc
                + ",\"timestamp\":1000,\"step\":0}],\"params\":[{\"key\":\"opt\",\"value\":\"" + optimizer + "\"}]}");
        return id;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    String csrf() {
        return ann.csrf("/experiments");
    }

    @Test
    void experimentsAreSearchedCreatedRenamedDeletedAndRestoredFromTheList() {
        HttpResponse<String> created = ann.post("/experiments", Map.of("_csrf", csrf(), "name", "vision <b>base</b>"));
        assertThat(created.statusCode()).isEqualTo(303);
        String id = created.headers().firstValue("Location").orElseThrow().replace("/experiments/", "");
        assertThat(api("GET", "experiments/get?experiment_id=" + id, null).path("experiment").path("name").asText()).isEqualTo("vision <b>base</b>");
        experiment("speech");

        String list = ann.get("/experiments?search=" + q("vision")).body();
        assertThat(list).contains("vision &lt;b&gt;base&lt;/b&gt;").doesNotContain(">speech<").doesNotContain("<b>base</b>");
        assertThat(ann.get("/experiments?search=" + q("it's")).statusCode()).as("a quote stays inside the literal").isEqualTo(200);
        assertThat(ann.get("/experiments").body()).contains(">speech<");

        HttpResponse<String> duplicate = ann.post("/experiments", Map.of("_csrf", csrf(), "name", "speech"));
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.body()).contains("class=\"form-error\"").contains("speech");

        assertThat(ann.post("/experiments/" + id + "/rename", Map.of("_csrf", csrf(), "name", "vision-2")).statusCode()).isEqualTo(303);
        assertThat(ann.get("/experiments").body()).contains(">vision-2<");
        assertThat(ann.post("/experiments/" + id + "/delete", Map.of("_csrf", csrf())).statusCode()).isEqualTo(303);
        assertThat(ann.get("/experiments").body()).doesNotContain(">vision-2<");
        assertThat(ann.get("/experiments?view=deleted").body()).contains(">vision-2<").contains("Restore");
        assertThat(ann.post("/experiments/" + id + "/restore", Map.of("_csrf", csrf())).statusCode()).isEqualTo(303);
        assertThat(ann.get("/experiments").body()).contains(">vision-2<");
        assertThat(ann.post("/experiments/" + id + "/delete", Map.of()).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(ann.get("/experiments").body()).contains(">vision-2<");
    }

    @Test
    void theRunsTableFiltersSortsPagesAndShowsTheFiltersErrorWhereItIs() {
        String e = experiment("table");
        run(e, "low", 0.1, "sgd");
        run(e, "mid", 0.5, "adam");
        run(e, "high", 0.9, "adam");

        String filtered = ann.get("/experiments/" + e + "?filter=" + q("metrics.acc > 0.4") + "&order=" + q("metrics.acc DESC")).body();
        assertThat(filtered).contains(">high<").contains(">mid<").doesNotContain(">low<");
        assertThat(filtered.indexOf(">high<")).isLessThan(filtered.indexOf(">mid<"));
        String ascending = ann.get("/experiments/" + e + "?order=" + q("metrics.acc ASC")).body();
        assertThat(ascending.indexOf(">low<")).isLessThan(ascending.indexOf(">mid<"));
        assertThat(ascending.indexOf(">mid<")).isLessThan(ascending.indexOf(">high<"));
        assertThat(ascending).as("the acc header sorts the other way next").contains("order=metrics.acc+DESC");

        HttpResponse<String> bad = ann.get("/experiments/" + e + "?filter=" + q("metrics.acc >> 1"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"filter-error\"").contains("at position 13").contains("\n             ^</pre>")
                .contains("aria-invalid=\"true\"");

        String onlyParams = ann.get("/experiments/" + e + "?col=params.opt").body();
        assertThat(onlyParams).contains("title=\"params.opt\"").doesNotContain("title=\"metrics.acc\"");
        String chooser = ann.get("/experiments/" + e + "/columns?col=params.opt&colq=AC").body();
        assertThat(chooser).startsWith("<ul id=\"column-choices\"").contains("value=\"metrics.acc\"").contains("value=\"params.opt\" checked");
        assertThat(chooser).doesNotContain("<html");

        String grouped = ann.get("/experiments/" + e + "?group=params.opt&agg=acc").body();
        assertThat(grouped).contains("<th scope=\"row\">adam</th><td class=\"num\">2</td><td class=\"num\">0.5</td><td class=\"num\">0.9</td><td class=\"num\">0.7</td>");
        assertThat(grouped).contains("<th scope=\"row\">sgd</th><td class=\"num\">1</td>");

        for (int i = 0; i < 55; i++) {
            api("POST", "runs/create", "{\"experiment_id\":\"" + e + "\",\"run_name\":\"bulk-" + i + "\"}");
        }
        String first = ann.get("/experiments/" + e + "?filter=" + q("attributes.run_name LIKE 'bulk-%'")).body();
        assertThat(first).contains("rel=\"next\"");
        String next = first.substring(first.indexOf("href=\"", first.indexOf("rel=\"next\"") - 400)).split("\"")[1].replace("&amp;", "&");
        assertThat(next).contains("filter=").contains("page=");
        String second = ann.get(next).body();
        assertThat(second).contains(">bulk-").doesNotContain("rel=\"next\"").doesNotContain(">high<");
    }

    @Test
    void bulkChangesCheckEveryRunAndKeepTheViewState() {
        String e = experiment("bulk");
        String a = run(e, "a", 0.1, "sgd");
        String b = run(e, "b", 0.2, "sgd");
        String other = run(experiment("elsewhere"), "c", 0.3, "sgd");
        String csrf = csrf();
        HttpResponse<String> tagged = ann.request("POST", "/experiments/" + e + "/runs/bulk", Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "_csrf=" + q(csrf) + "&op=tag&key=team&value=red&run=" + a + "&run=" + b
                + "&state=" + q("filter=" + q("metrics.acc > 0")));
        assertThat(tagged.statusCode()).isEqualTo(303);
        assertThat(tagged.headers().firstValue("Location").orElseThrow()).isEqualTo("/experiments/" + e + "?filter=metrics.acc+%3E+0");
        assertThat(api("GET", "runs/get?run_id=" + b, null).path("run").path("data").path("tags").toString()).contains("\"team\"", "\"red\"");

        HttpResponse<String> mixed = ann.request("POST", "/experiments/" + e + "/runs/bulk", Map.of("Content-Type",
                "application/x-www-form-urlencoded"), "_csrf=" + q(csrf) + "&op=delete&run=" + a + "&run=" + other);
        assertThat(mixed.statusCode()).as("a run of another experiment: nothing changes").isEqualTo(404);
        assertThat(api("GET", "runs/get?run_id=" + a, null).path("run").path("info").path("lifecycle_stage").asText()).isEqualTo("active");

        assertThat(ann.request("POST", "/experiments/" + e + "/runs/bulk", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "_csrf=" + q(csrf) + "&op=delete&run=" + a + "&state=" + q("https://evil.example/")).headers().firstValue("Location").orElseThrow())
                .isEqualTo("/experiments/" + e);
        assertThat(ann.get("/experiments/" + e).body()).doesNotContain(">a<").contains(">b<");
        assertThat(ann.get("/experiments/" + e + "?view=deleted").body()).contains(">a<").doesNotContain(">b<");
    }

    @Test
    void theRunPageShowsItsDataRendersAndSavesTheNote() {
        String e = experiment("page");
        String r = run(e, "resnet", 0.75, "adam");
        api("POST", "runs/set-tag", "{\"run_id\":\"" + r + "\",\"key\":\"mlflow.source.git.commit\",\"value\":\"abc1234\"}");
        api("POST", "runs/update", "{\"run_id\":\"" + r + "\",\"status\":\"FINISHED\",\"end_time\":" + (System.currentTimeMillis() + 1) + "}");
        String page = ann.get("/experiments/" + e + "/runs/" + r).body();
        assertThat(page).contains(">resnet ").contains("status-finished").contains("abc1234").contains(">opt</th><td class=\"mono\">adam<")
                .contains("data-key=\"acc\"").contains("/assets/uPlot.iife.min.").contains("/assets/charts.");
        assertThat(ann.get("/experiments/" + experiment("other") + "/runs/" + r).statusCode()).as("the run of another experiment's URL").isEqualTo(404);

        HttpResponse<String> saved = ann.post("/experiments/" + e + "/runs/" + r + "/note", Map.of("_csrf", csrf(),
                "note", "# Findings\n\n**wider** is better <script>alert(1)</script> <img src=x onerror=alert(2)>"));
        assertThat(saved.statusCode()).isEqualTo(303);
        String withNote = ann.get("/experiments/" + e + "/runs/" + r).body();
        String note = withNote.substring(withNote.indexOf("note-body"), withNote.indexOf("note-editor"));
        assertThat(note).contains("<h1>Findings</h1>").contains("<strong>wider</strong>").doesNotContain("<script").doesNotContain("onerror");
        assertThat(withNote).doesNotContain("<script>alert").contains("&lt;img src=x onerror=alert(2)&gt;</textarea>");
        assertThat(api("GET", "runs/get?run_id=" + r, null).toString()).contains("mlflow.note.content");
        assertThat(new WebClient(server.url()).post("/experiments/" + e + "/runs/" + r + "/note", Map.of("note", "x")).statusCode())
                .as("signed out, without a token").isEqualTo(403);
    }

    @Test
    void seriesAreReducedOnTheServerKeepingExtremesAndZoomReadsTheFinerPoints() {
        String e = experiment("series");
        String r = run(e, "long", 0.5, "adam");
        List<String> batch = new ArrayList<>();
        for (int step = 1; step <= 5000; step++) {
            double v = step == 1234 ? 99 : step == 4321 ? -99 : Math.sin(step / 50.0);
            batch.add("{\"key\":\"loss\",\"value\":" + v + ",\"timestamp\":" + (1000 + step) + ",\"step\":" + step + "}");
            if (batch.size() == 1000) {
                api("POST", "runs/log-batch", "{\"run_id\":\"" + r + "\",\"metrics\":[" + String.join(",", batch) + "]}");
                batch.clear();
            }
        }
        String base = "/experiments/" + e + "/runs/" + r + "/series?key=loss";
        JsonNode all = json(ann.get(base));
        assertThat(all.path("points").asLong()).isEqualTo(5000);
        assertThat(all.path("reduced").asBoolean()).isTrue();
        assertThat(all.path("steps").size()).isLessThanOrEqualTo(2000).isGreaterThan(100);
        assertThat(all.path("values").toString()).contains("99.0", "-99.0");
        assertThat(all.path("first_step").asLong()).isEqualTo(1);
        assertThat(all.path("last_step").asLong()).isEqualTo(5000);

        JsonNode zoomed = json(ann.get(base + "&from=1200&to=1300"));
        assertThat(zoomed.path("reduced").asBoolean()).isFalse();
        assertThat(zoomed.path("steps").size()).isEqualTo(101);
        assertThat(zoomed.path("steps").get(0).asLong()).isEqualTo(1200);
        assertThat(zoomed.path("timestamps").get(0).asLong()).isEqualTo(2200);

        assertThat(ann.get(base + "&from=x").statusCode()).isEqualTo(400);
        assertThat(ann.get(base + "&from=9&to=1").statusCode()).isEqualTo(400);
        assertThat(json(ann.get("/experiments/" + e + "/runs/" + r + "/series?key=nothing")).path("steps").size()).isZero();
        JsonNode live = json(ann.get("/experiments/" + e + "/runs/" + r + "/live"));
        assertThat(live.path("status").asText()).isEqualTo("RUNNING");
        assertThat(live.path("metrics").toString()).contains("\"loss\"").contains("\"step\":5000");
    }

    @Test
    void artifactsAreBrowsedWithPreviewsAndHostilePathsStayInside() {
        String e = experiment("files");
        String r = run(e, "arts", 0.5, "adam");
        String root = "/api/2.0/mlflow-artifacts/artifacts/" + e + "/" + r + "/artifacts/";
        assertThat(server.send("PUT", root + "eval/scores.csv", token, "label,score\ncat,0.9\n<b>dog</b>,0.8\n").statusCode()).isEqualTo(200);
        assertThat(server.send("PUT", root + "config.json", token, "{\"lr\": 0.1}").statusCode()).isEqualTo(200);
        String page = "/experiments/" + e + "/runs/" + r;
        assertThat(ann.get(page).body()).contains("eval/</a>").contains("config.json</a>");
        assertThat(ann.get(page + "/artifacts/eval").body()).contains("scores.csv</a>");
        String csv = ann.get(page + "/artifacts/eval/scores.csv").body();
        assertThat(csv).contains("<th scope=\"col\">label</th>").contains("<td>&lt;b&gt;dog&lt;/b&gt;</td>");
        assertThat(ann.get(page + "/artifacts/config.json").body()).contains("<code>{\"lr\": 0.1}</code>").contains("id=\"L1\"");
        HttpResponse<String> raw = ann.get(page + "/artifact-raw/config.json");
        assertThat(raw.headers().firstValue("Content-Disposition").orElse("")).isEqualTo("attachment");
        assertThat(raw.body()).isEqualTo("{\"lr\": 0.1}");
        assertThat(ann.get(page + "/artifacts/..%2F..%2Fetc").statusCode()).isEqualTo(400);
        assertThat(ann.get(page + "/artifacts/missing.txt").statusCode()).isEqualTo(404);
    }
}
