package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset viewer over HTTP: {@code /api/datasets-server/…} in the Hub's shapes over a CSV in git and a Parquet
 * file uploaded over LFS (stored in the chunk store), the read check of {@code /resolve}, hostile filters, the cache
 * following new commits, and the dataset's viewer page. One server per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatasetViewerContract {
    static final String API = "/api/datasets-server";
    @TempDir
    static Path dir;
    ServerFixture server;
    String annToken;
    String bobToken;

    abstract ServerFixture start(Path dataDir);

    @BeforeAll
    void startServer() throws Exception {
        server = start(dir.resolve("server"));
        annToken = WebFixtures.user(server, "ann");
        bobToken = WebFixtures.user(server, "bob");
        WebFixtures.repo(server, annToken, "dataset", "ann", "reviews", false, "# Reviews\n");
        StringBuilder csv = new StringBuilder("id,text,label,stars\n");
        for (int i = 0; i < 250; i++) {
            csv.append(i).append(",review number ").append(i).append(',').append(i % 2 == 0 ? "pos" : "neg").append(',').append(i % 5 + 1).append('\n');
        }
        RepoFixtures.commit(server, annToken, "dataset", "ann/reviews", "train split", RepoFixtures.files("data/train.csv", csv.toString()));
        Path parquet = dir.resolve("test.parquet");
        try (var c = DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id, range * 1.5 AS score FROM range(40)) TO '" + parquet + "' (FORMAT parquet)");
        }
        RepoFixtures.commitLarge(server, annToken, "dataset", "ann/reviews", "test split", "data/test.parquet", Files.readAllBytes(parquet));
        WebFixtures.repo(server, annToken, "dataset", "ann", "hidden", true, "# Hidden\n");
        RepoFixtures.commit(server, annToken, "dataset", "ann/hidden", "data", RepoFixtures.files("train.csv", "a,b\n1,2\n"));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    JsonNode get(String path, String token) {
        HttpResponse<String> r = server.get(path, token);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return WebFixtures.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theViewerApiAnswersInTheHubsShapes() {
        assertThat(get(API + "/is-valid?dataset=ann/reviews", null).toString())
                .isEqualTo("{\"preview\":true,\"viewer\":true,\"search\":true,\"filter\":true,\"statistics\":true}");
        JsonNode splits = get(API + "/splits?dataset=ann/reviews", null);
        assertThat(splits.path("splits").toString()).isEqualTo("[{\"dataset\":\"ann/reviews\",\"config\":\"default\",\"split\":\"train\"},"
                + "{\"dataset\":\"ann/reviews\",\"config\":\"default\",\"split\":\"test\"}]");

        JsonNode first = get(API + "/first-rows?dataset=ann/reviews&config=default&split=train", null);
        assertThat(first.path("rows")).hasSize(100);
        assertThat(first.path("features").get(1).toString()).isEqualTo("{\"feature_idx\":1,\"name\":\"text\",\"type\":{\"dtype\":\"string\",\"_type\":\"Value\"}}");
        assertThat(first.path("rows").get(7).toString()).isEqualTo("{\"row_idx\":7,\"row\":{\"id\":7,\"text\":\"review number 7\",\"label\":\"neg\",\"stars\":3},\"truncated_cells\":[]}");
        assertThat(first.path("truncated").asBoolean()).isFalse();

        JsonNode page = get(API + "/rows?dataset=ann/reviews&config=default&split=train&offset=200&length=100", null);
        assertThat(page.path("rows")).hasSize(50);
        assertThat(page.path("rows").get(0).path("row_idx").asLong()).isEqualTo(200);
        assertThat(page.path("num_rows_total").asLong()).isEqualTo(250);
        assertThat(page.path("num_rows_per_page").asInt()).isEqualTo(100);
        assertThat(page.path("partial").asBoolean()).isFalse();

        JsonNode found = get(API + "/search?dataset=ann/reviews&config=default&split=train&query=" + q("NUMBER 24"), null);
        assertThat(found.path("num_rows_total").asLong()).isEqualTo(11); // 24 and 240..249
        JsonNode filtered = get(API + "/filter?dataset=ann/reviews&config=default&split=train&where=" + q("label = 'pos' AND stars >= 4")
                + "&orderby=" + q("id DESC") + "&length=2", null);
        assertThat(filtered.path("rows").findValuesAsText("row_idx")).containsExactly("248", "244");
        assertThat(filtered.path("num_rows_total").asLong()).isEqualTo(50);

        JsonNode stats = get(API + "/statistics?dataset=ann/reviews&config=default&split=test", null);
        assertThat(stats.path("num_examples").asLong()).isEqualTo(40);
        JsonNode score = stats.path("statistics").get(1);
        assertThat(score.path("column_type").asText()).isEqualTo("float");
        assertThat(score.path("column_statistics").path("max").asDouble()).isEqualTo(58.5);
        assertThat(score.path("column_statistics").path("histogram").path("hist").toString()).isEqualTo("[4,4,4,4,4,4,4,4,4,4]");
        assertThat(get(API + "/statistics?dataset=ann/reviews&config=default&split=train", null).path("statistics").get(2)
                .path("column_statistics").path("frequencies").toString()).isEqualTo("{\"neg\":125,\"pos\":125}");

        JsonNode parquet = get(API + "/parquet?dataset=ann/reviews", null);
        assertThat(parquet.path("parquet_files")).hasSize(1);
        assertThat(parquet.path("failed").get(0).path("split").asText()).isEqualTo("train");
        String url = parquet.path("parquet_files").get(0).path("url").asText();
        assertThat(url).startsWith(server.url() + "/datasets/ann/reviews/resolve/").endsWith("/data/test.parquet");
        assertThat(server.getBytes(url.substring(server.url().length()), null)).hasSize(parquet.path("parquet_files").get(0).path("size").asInt());
    }

    @Test
    void privateDatasetsAreTheSame404AsMissingOnesForThoseWhoMayNotReadThem() {
        for (String path : List.of("/is-valid?dataset=ann/hidden", "/splits?dataset=ann/hidden", "/rows?dataset=ann/hidden&config=default&split=train",
                "/statistics?dataset=ann/hidden&config=default&split=train", "/parquet?dataset=ann/hidden", "/splits?dataset=ann/nothing")) {
            for (String token : new String[] {null, bobToken}) {
                HttpResponse<String> r = server.get(API + path, token);
                assertThat(r.statusCode()).as(path).isEqualTo(404);
                assertThat(r.headers().firstValue("X-Error-Code")).as(path).contains("RepoNotFound");
            }
        }
        assertThat(get(API + "/rows?dataset=ann/hidden&config=default&split=train", annToken).path("rows").get(0).path("row").toString())
                .isEqualTo("{\"a\":1,\"b\":2}");
    }

    @Test
    void hostileParametersAreA400NamingWhatIsWrong() {
        String split = API + "/filter?dataset=ann/reviews&config=default&split=train&where=";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put(split + q("id = 1; DROP TABLE hub_repos"), "unexpected character ';'");
        cases.put(split + q("id IN (SELECT 1)"), "subqueries are not allowed");
        cases.put(split + q("text = read_csv('/etc/passwd')"), "function calls are not allowed: read_csv");
        cases.put(split + q("COPY hub_repos TO '/tmp/x.csv'"), "SQL keyword COPY is not allowed");
        cases.put(split + q("text = /etc/passwd"), "unexpected character '/'");
        cases.put(split + q("id = 1 OR ".repeat(250) + "id = 2"), "longer than 2000 characters");
        cases.put(split + q("nope = 1"), "unknown column 'nope'");
        cases.put(split + q("stars = 'many'"), "cannot read ann/reviews default/train");
        cases.put(API + "/filter?dataset=ann/reviews&config=default&split=train&orderby=" + q("random()"), "function calls are not allowed");
        cases.put(API + "/rows?dataset=ann/reviews&config=default&split=train&length=101", "length must be between 1 and 100");
        cases.put(API + "/rows?dataset=ann/reviews&config=default&split=train&offset=-1", "offset must be");
        cases.put(API + "/rows?dataset=ann/reviews&config=default", "split is required");
        cases.put(API + "/search?dataset=ann/reviews&config=default&split=train&query=" + "x".repeat(501), "query is longer than 500");
        cases.put(API + "/splits?dataset=" + q("../../etc/passwd"), "dataset must be owner/name");
        cases.put(API + "/splits", "dataset is required");
        List<String> failures = new ArrayList<>();
        cases.forEach((path, message) -> {
            HttpResponse<String> r = server.get(path, null);
            if (r.statusCode() != 400 || !json(r).path("error").asText().contains(message)) {
                failures.add(path.substring(0, Math.min(path.length(), 120)) + " → " + r.statusCode() + " " + r.body());
            }
        });
        assertThat(failures).isEmpty();
        // 10 KB clauses do not reach the parser: the request line is over Jetty's limit, a JSON 414
        HttpResponse<String> huge = server.get(split + q("id = 1 OR ".repeat(1000) + "id = 2"), null);
        assertThat(huge.statusCode()).isEqualTo(414);
        assertThat(json(huge).path("error").asText()).contains("URI Too Long");
        HttpResponse<String> unknown = server.get(API + "/rows?dataset=ann/reviews&config=default&split=nope", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).contains("the splits are default/train, default/test");
    }

    @Test
    void aMalformedCsvIsA400AndTheViewerKeepsAnswering() {
        WebFixtures.repo(server, annToken, "dataset", "ann", "broken", false, null);
        byte[] garbage = new byte[8192];
        new java.util.Random(3).nextBytes(garbage);
        RepoFixtures.commit(server, annToken, "dataset", "ann/broken", "bad data", Map.of("train.csv", garbage,
                "test.csv", "a,b\n1,\"never closed\n2,3\n".getBytes(StandardCharsets.UTF_8)));
        for (String split : List.of("train", "test")) {
            HttpResponse<String> r = server.get(API + "/first-rows?dataset=ann/broken&config=default&split=" + split, null);
            assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
            assertThat(r.body()).doesNotContain(dir.toString());
        }
        assertThat(get(API + "/rows?dataset=ann/reviews&config=default&split=train&length=1", null).path("rows")).hasSize(1);
    }

    @Test
    void aNewCommitIsANewCacheEntry() {
        WebFixtures.repo(server, annToken, "dataset", "ann", "growing", false, null);
        RepoFixtures.commit(server, annToken, "dataset", "ann/growing", "v1", RepoFixtures.files("train.jsonl", "{\"x\":1}\n"));
        assertThat(get(API + "/first-rows?dataset=ann/growing&config=default&split=train", null).path("rows")).hasSize(1);
        RepoFixtures.commit(server, annToken, "dataset", "ann/growing", "v2", RepoFixtures.files("train.jsonl", "{\"x\":1}\n{\"x\":2}\n"));
        assertThat(get(API + "/first-rows?dataset=ann/growing&config=default&split=train", null).path("rows")).hasSize(2);
        assertThat(get(API + "/statistics?dataset=ann/growing&config=default&split=train", null).path("num_examples").asLong()).isEqualTo(2);
    }

    @Test
    void theViewerPageShowsTypesHistogramsAndPagesOfRows() {
        WebClient web = new WebClient(server.url());
        HttpResponse<String> tab = web.get("/datasets/ann/reviews/viewer");
        assertThat(tab.statusCode()).isEqualTo(302);
        assertThat(tab.headers().firstValue("Location")).contains("/datasets/ann/reviews/viewer/default/train");
        HttpResponse<String> page = web.get("/datasets/ann/reviews/viewer/default/train");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("aria-current=\"page\">Viewer</a>").contains("Rows 1–25 of 250")
                .contains("<span class=\"column-name\">stars</span> <span class=\"badge column-type\">int64</span>")
                .contains("aria-label=\"Histogram of stars in 10 bins\"").contains("review number 24<")
                .doesNotContain("review number 25<").contains("href=\"/datasets/ann/reviews/viewer/default/train?offset=25\"");
        assertThat(page.body().split("<rect class=\"bar\"", -1).length - 1).as("10 bins for id and stars, 2 labels, 10 for text length").isEqualTo(32);

        HttpResponse<String> next = web.get("/datasets/ann/reviews/viewer/default/train?offset=25", Map.of("HX-Request", "true"));
        assertThat(next.body()).startsWith("<div id=\"viewer-table\"").doesNotContain("<html").contains("Rows 26–50 of 250")
                .contains("review number 25<");
        HttpResponse<String> filtered = web.get("/datasets/ann/reviews/viewer/default/train?where=" + q("stars = 5") + "&orderby=" + q("id DESC"));
        assertThat(filtered.body()).contains("Rows 1–25 of 50").contains("review number 249<");
        HttpResponse<String> refused = web.get("/datasets/ann/reviews/viewer/default/train?where=" + q("id = 1; COPY x TO 'y'"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("role=\"alert\">unexpected character ';' at position 6");
        assertThat(web.get("/datasets/ann/hidden/viewer/default/train").statusCode()).isEqualTo(404);
        assertThat(web.get("/datasets/ann/reviews/viewer/default/nope").statusCode()).isEqualTo(404);
    }
}
