package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * Every page the web module serves, on one seeded server, at a phone's width (375 px) and a laptop's (1280 px): each
 * answers 200 (the 404 page: 404) and nothing makes it scroll sideways (a wide table scrolls inside its own container). Each page's own
 * scenario checks the widths someone thought of; this sweep catches the rest. All failures are collected, so one run
 * names every page, width and offending element.
 */
class EveryPageFitsScenariosTest extends BrowserScenarios {
    static final int[] WIDTHS = {375, 1280};
    /** A name as long as real checkpoint shards' names get, with no place to break. */
    static final String LONG_NAME = "model-00001-of-00004-fp16-sharded-for-inference-on-small-accelerators-with-a-very-long-name.safetensors";
    /**
     * Empty when the page is no wider than the viewport; else its scroll width, then the innermost elements sticking out
     * past the viewport that no scrolling ancestor contains (the culprits, not every box around them): tag, id, classes,
     * the start of their text and their right edge.
     */
    static final String OVERFLOW = """
            () => {
              const width = window.innerWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              const contained = e => {
                for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                  if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
                }
                return false;
              };
              const out = [...document.body.querySelectorAll('*')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5 && !contained(e));
              const found = out.filter(e => !out.some(o => o !== e && e.contains(o))).slice(0, 8)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                  + ' "' + (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '" right=' + Math.round(e.getBoundingClientRect().right));
              return ['scrollWidth ' + document.documentElement.scrollWidth].concat(found);
            }""";

    /** Elements that fetch more after the load event: htmx on load, a run's charts, the comparison's charts. */
    static final String LATE = "[hx-trigger=load], figure[data-series], [data-compare-series]";

    static MlflowClient client;
    static List<String> annPages;
    static List<String> adminPages;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        String bob = WebFixtures.user(server, "bob");
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isBetween(200, 201);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/bob", ann, "{\"role\":\"write\"}").statusCode()).isBetween(200, 204);

        WebFixtures.repo(server, ann, "model", "ann", "sentiment", false, null);
        Map<String, byte[]> files = RepoFixtures.files("README.md", card(), "config.json", "{\"hidden_size\": 768, \"num_labels\": 2}\n",
                "eval/scores.csv", "split,accuracy,f1,notes\ntest,0.93,0.91,a long note about how the test split was drawn from the reviews\n");
        files.put("eval/" + LONG_NAME, RepoFixtures.safetensors());
        String commit = RepoFixtures.commit(server, ann, "model", "ann/sentiment",
                "Add the fp16 weights sharded for small accelerators, their config and the evaluation on the held-out test split", files);
        HttpResponse<String> branch = server.send("POST", "/api/models/ann/sentiment/branch/"
                + URLEncoder.encode("experiments/fp16-sharding-for-small-accelerators-with-a-longer-context", StandardCharsets.UTF_8), ann, "{}");
        assertThat(branch.statusCode()).as(branch.body()).isEqualTo(200);
        WebFixtures.repo(server, ann, "model", "ann", "sentiment-fr", false, WebExploreContract.card("mit", "text-classification", "fr", "ann/sentiment"));
        assertThat(server.send("POST", "/api/repos/create", ann, "{\"name\":\"vision\",\"organization\":\"lab\",\"type\":\"model\"}").statusCode())
                .isEqualTo(200);
        RepoFixtures.commit(server, ann, "model", "lab/vision", "card",
                RepoFixtures.files("README.md", WebExploreContract.card("apache-2.0", "image-classification", "en", null)));
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "---\nlicense: mit\ntask_categories: [text-classification]\n---\n# Reviews\n");
        StringBuilder reviews = new StringBuilder("id,text,label,stars\n");
        for (int i = 0; i < 30; i++) {
            reviews.append(i).append(",\"a product review long enough to need wrapping in a narrow table cell, number ").append(i).append("\",")
                    .append(i % 2 == 0 ? "pos" : "neg").append(',').append(i % 5 + 1).append('\n');
        }
        String datasetCommit = RepoFixtures.commit(server, ann, "dataset", "ann/reviews", "train split",
                RepoFixtures.files("train.csv", reviews.toString(), "docs/collection.md", "# How the reviews were collected\n"));

        client = new MlflowClient(new BasicMlflowHostCreds(server.url(), ann));
        String experiment = client.createExperiment("sentiment-classification-of-product-reviews-learning-rate-sweep");
        Map<String, String> runs = RunsScenariosTest.logRuns(client, experiment);
        String run = "/experiments/" + experiment + "/runs/" + runs.get("vit-b");
        String artifacts = "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + runs.get("vit-b") + "/artifacts/";
        assertThat(server.send("PUT", artifacts + "eval/scores.csv", ann, "label,score\ncat,0.9\ndog,0.8\n").statusCode()).isEqualTo(200);
        assertThat(server.send("PUT", artifacts + "config.json", ann, "{\"lr\": 0.1}").statusCode()).isEqualTo(200);
        RegistryPagesContract.mlflow(server, ann, "registered-models/create", Map.of("name", "ann/sentiment-classifier", "description", "Scores reviews."));
        RegistryPagesContract.mlflow(server, ann, "model-versions/create",
                Map.of("name", "ann/sentiment-classifier", "source", "chorus://ann/sentiment@" + commit, "run_id", runs.get("vit-b")));
        String task = FederatedPagesContract.waitingTask(server);
        StringBuilder solution = new StringBuilder("id,label\n");
        for (int i = 0; i < 20; i++) {
            solution.append('c').append(i).append(',').append(i % 2).append('\n');
        }
        ArenaPagesContract.competitionWithASubmission(server, bob, ann, solution.toString(), solution.toString());

        String registered = URLEncoder.encode("ann/sentiment-classifier", StandardCharsets.UTF_8);
        annPages = List.of("/", "/new", "/models", "/datasets", "/search?q=sentiment",
                "/settings/profile", "/settings/password", "/settings/tokens", "/settings/organizations/lab",
                "/explore", "/explore/families", "/explore/families/ann/sentiment", "/explore/modelverse", "/explore/organizations/lab",
                "/explore/dataverse", "/explore/activity", "/ann", "/lab",
                "/ann/sentiment", "/ann/sentiment-fr", "/ann/sentiment/tree/main", "/ann/sentiment/tree/main/eval",
                "/ann/sentiment/blob/main/README.md", "/ann/sentiment/blob/main/eval/scores.csv", "/ann/sentiment/blob/main/eval/" + LONG_NAME,
                "/ann/sentiment/commits/main", "/ann/sentiment/commits/main/README.md", "/ann/sentiment/commit/" + commit,
                "/ann/sentiment/refs", "/ann/sentiment/settings", "/ann/sentiment/upload/main", "/ann/sentiment/edit/main/README.md",
                "/ann/sentiment/delete/main",
                "/datasets/ann/reviews", "/datasets/ann/reviews/tree/main", "/datasets/ann/reviews/tree/main/docs",
                "/datasets/ann/reviews/blob/main/train.csv", "/datasets/ann/reviews/commits/main", "/datasets/ann/reviews/commits/main/train.csv",
                "/datasets/ann/reviews/commit/" + datasetCommit, "/datasets/ann/reviews/refs", "/datasets/ann/reviews/settings",
                "/datasets/ann/reviews/upload/main", "/datasets/ann/reviews/edit/main/README.md", "/datasets/ann/reviews/delete/main",
                "/datasets/ann/reviews/viewer", "/datasets/ann/reviews/viewer/default/train",
                "/experiments", "/experiments/" + experiment, "/experiments/" + experiment + "/compare?run=" + runs.get("vit-b") + "&run="
                        + runs.get("resnet-50") + "&run=" + runs.get("mobilenet"),
                run, run + "/artifacts", run + "/artifacts/eval", run + "/artifacts/eval/scores.csv", run + "/artifacts/config.json",
                "/registry", "/registry/model?name=" + registered, "/registry/version?name=" + registered + "&version=1",
                "/competitions", "/competitions/new", "/competitions/coins", "/competitions/coins/rules", "/competitions/coins/leaderboard",
                "/competitions/coins/team", "/competitions/coins/submissions");
        annPages = Stream.concat(annPages.stream(), MISSING.stream()).toList();
        adminPages = List.of("/federations", "/federated/tasks", "/federated/tasks/" + task, "/competitions/coins/host");
        openBrowser();
    }

    /**
     * GET routes answered by a page handler that are no page to lay out, and why.
     */
    static final Map<String, String> NOT_PAGES = Map.of(
            "/settings", "redirects to /settings/profile",
            "/avatars/{file}", "an SVG image",
            "/federated/tasks/{id}/timeline", "the live fragment the task page polls",
            "/experiments/{id}/columns", "the column chooser fragment the runs table loads",
            "/experiments/{id}/compare/series", "JSON for the comparison charts",
            "/experiments/{id}/runs/{run}/series", "JSON for the run's charts",
            "/experiments/{id}/runs/{run}/live", "JSON the run page polls",
            "/experiments/{id}/runs/{run}/artifact-raw/<path>", "an artifact's bytes");
    /** Addresses that answer the 404 page, which must fit too. */
    static final List<String> MISSING = List.of("/ann/sentiment/no-such-tab", "/datasets/ann/reviews/no-such-tab", "/no-such-owner");

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    /** A card as people write them: front matter, a wide results table, a long command and a long link. */
    static String card() {
        return """
                ---
                license: apache-2.0
                pipeline_tag: text-classification
                library_name: transformers
                language: [en]
                datasets: [ann/reviews]
                ---
                # Sentiment

                | split | accuracy | precision | recall | f1 | examples | tokens per second | notes |
                |---|---|---|---|---|---|---|---|
                | validation | 0.9312 | 0.9204 | 0.9433 | 0.9317 | 12,500 | 1,843.2 | drawn from the same shops as training |
                | test | 0.9288 | 0.9190 | 0.9401 | 0.9294 | 25,000 | 1,839.7 | held out by shop and month |

                ```
                python -m chorus.train --model ann/sentiment --dataset ann/reviews --epochs 3 --learning-rate 2e-5 --batch-size 64
                ```

                Details: https://example.org/papers/2026/sentiment-classification-of-product-reviews-with-small-transformers.pdf
                """;
    }

    @Test
    void everyPageFitsAPhoneAndALaptop() {
        List<String> failures = new ArrayList<>();
        for (int width : WIDTHS) {
            check(browser.open("/login", width), List.of("/login"), width, failures);
            check(browser.signIn("ann", WebFixtures.PASSWORD, "/", width), annPages, width, failures);
            check(browser.signIn("admin", ServerFixture.ADMIN_TOKEN, "/", width), adminPages, width, failures);
        }
        assertThat(failures).as("pages that failed or scroll sideways").isEmpty();
        browser.assertOnlyServerRequests();
    }

    /** At a phone's width a card's table scrolls rather than wrapping each short cell to a word a line. */
    @Test
    void aCardsTableKeepsItsShortCellsOnOneLineOnAPhone() {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, "/ann/sentiment", 375);
        assertThat(page.locator(".markdown td").count()).isGreaterThan(10);
        assertThat(BrowserHarness.brokenOverLines(page, ".markdown td:not(.wrap), .markdown th")).as("short cells over two lines or more").isEmpty();
        assertThat(page.locator(".markdown td.wrap").allTextContents()).containsExactly("drawn from the same shops as training", "held out by shop and month");
    }

    /** The sweep's addresses are written by hand: each page route the server has must be the route of one of them. */
    @Test
    void theSweepReachesEveryPageRoute() {
        List<ParsedEndpoint> gets = server.routes().stream().filter(r -> r.endpoint.method == HandlerType.GET).toList();
        java.util.Set<String> swept = new java.util.HashSet<>();
        for (String address : Stream.of(List.of("/login"), annPages, adminPages).flatMap(List::stream).toList()) {
            String path = address.split("\\?")[0];
            // the route that answers it: the first that matches, as the router tries them
            gets.stream().filter(r -> r.matches(path)).findFirst().ifPresent(r -> swept.add(r.endpoint.path));
        }
        List<String> pages = gets.stream().filter(r -> r.endpoint.handler instanceof WebRoutes.PageHandlerAdapter).map(r -> r.endpoint.path).toList();
        assertThat(pages).as("page routes").contains("/", "/{owner}", "/competitions/{name}/host").containsAll(NOT_PAGES.keySet());
        assertThat(pages.stream().filter(p -> !swept.contains(p) && !NOT_PAGES.containsKey(p)).toList())
                .as("page routes none of the sweep's addresses reaches: add an address, or say in NOT_PAGES why it is no page").isEmpty();
    }

    /**
     * Visits each path in {@code page}'s context and adds a line to {@code failures} for each bad status or overflow
     * (with a screenshot, {@code overflow-<width>-<path>}, to look at: only failing pages leave one).
     */
    @SuppressWarnings("unchecked")
    static void check(Page page, List<String> paths, int width, List<String> failures) {
        for (String path : paths) {
            Response response = page.navigate(server.url() + path);
            int expected = MISSING.contains(path) ? 404 : 200;
            if (response.status() != expected) {
                failures.add(path + " at " + width + " px: HTTP " + response.status() + ", not " + expected);
                continue;
            }
            // what arrives after the load event counts too: a folder's last commits (htmx), the runs' charts (fetch);
            // waiting for the network to rest only where a page asks for more: the sweep took 31 s, not 77 s (load 4–6)
            if ((Boolean) page.evaluate("s => document.querySelector(s) !== null", LATE)) {
                page.waitForLoadState(LoadState.NETWORKIDLE);
            }
            List<String> offenders = (List<String>) page.evaluate(OVERFLOW);
            if (!offenders.isEmpty()) {
                failures.add(path + " at " + width + " px scrolls sideways: " + String.join("; ", offenders));
                browser.screenshot(page, "overflow-" + width + path.replaceAll("[^A-Za-z0-9]+", "-"));
            }
        }
    }
}
