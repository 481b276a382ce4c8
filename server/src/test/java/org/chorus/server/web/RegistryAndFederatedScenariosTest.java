package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.chorus.server.ServerFixture;
import org.chorus.server.fl.AddTrainer;
import org.chorus.server.fl.FlFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry and federated pages in Chromium, as a person uses them: follow a registered version to its run and
 * to its hub revision; start a federated task from the form while four Java SDK nodes run in this process (one sends
 * NaN weights) and watch its page fill in rounds, accuracy and the rejected result with its reason.
 */
class RegistryAndFederatedScenariosTest extends BrowserScenarios {
    static final String MODEL = "fraud/detector";
    static String commit;
    static String runId;
    static String experimentId;
    static String joinToken;
    static final List<FederatedClient> NODES = new ArrayList<>();

    /** A node whose training breaks: every weight NaN, which the coordinator rejects with its reason. */
    record NanTrainer() implements LocalTrainer {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            List<NamedTensor> out = new ArrayList<>();
            for (NamedTensor t : weights) {
                float[] v = new float[t.values().length];
                Arrays.fill(v, Float.NaN);
                out.add(new NamedTensor(t.name(), t.shape(), v));
            }
            return new FitResult(out, 10, Map.of());
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(10, Map.of("accuracy", 0.5));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = ServerFixture.sqlite(dir);
        String alice = WebFixtures.user(server, "alice");
        WebFixtures.repo(server, alice, "model", "alice", "detector", false, null);
        commit = RepoFixtures.commit(server, alice, "model", "alice/detector", "weights",
                Map.of("README.md", "# Fraud detector\n".getBytes(StandardCharsets.UTF_8)));
        experimentId = field(server.send("POST", "/api/2.0/mlflow/experiments/create", alice, "{\"name\":\"fraud\"}"), "experiment_id");
        runId = WebFixtures.JSON.readTree(RegistryPagesContract.mlflow(server, alice, "runs/create", Map.of("experiment_id", experimentId)))
                .path("run").path("info").path("run_id").asText();
        RegistryPagesContract.mlflow(server, alice, "registered-models/create", Map.of("name", MODEL, "description", "Scores card payments."));
        RegistryPagesContract.mlflow(server, alice, "model-versions/create",
                Map.of("name", MODEL, "source", "chorus://alice/detector@" + commit, "run_id", runId));

        FlFixtures.baseModel(server, "base");
        assertThat(server.send("POST", "/api/repos/create", ServerFixture.ADMIN_TOKEN,
                "{\"name\":\"fl-out\",\"organization\":\"admin\",\"type\":\"model\"}").statusCode()).isEqualTo(200);
        joinToken = field(server.send("POST", "/api/chorus/federations", ServerFixture.ADMIN_TOKEN, "{\"name\":\"hospitals\"}"), "joinToken");
        for (int i = 1; i <= 3; i++) {
            NODES.add(FederatedClient.builder("localhost", server.federatedPort()).federation("hospitals", joinToken)
                    .nodeName("hospital-" + i).trainer(new AddTrainer(i)).backoff(50, 400).build().start());
        }
        NODES.add(FederatedClient.builder("localhost", server.federatedPort()).federation("hospitals", joinToken)
                .nodeName("hospital-broken").trainer(new NanTrainer()).backoff(50, 400).build().start());
        openBrowser();
    }

    @AfterAll
    static void stopNodes() {
        NODES.forEach(FederatedClient::close);
    }

    private static String field(java.net.http.HttpResponse<String> r, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return WebFixtures.JSON.readTree(r.body()).path(field).asText();
    }

    @Test
    void aRegisteredVersionLeadsToItsRunAndItsHubRevision() {
        Page page = browser.signIn("alice", WebFixtures.PASSWORD, "/registry", 1280);
        browser.assertAccessible(page);
        page.getByRole(com.microsoft.playwright.options.AriaRole.LINK, new Page.GetByRoleOptions().setName(MODEL)).click();
        assertThat(page.locator("#versions tr[data-version='1']")).containsText("None");
        browser.assertAccessible(page);
        browser.screenshot(page, "registry-model-1280");

        page.locator("#versions a[href*='version=1']").first().click();
        assertThat(page.locator("h1")).hasText(MODEL + " v1");
        Locator run = page.locator("#version-facts a[aria-label='Run " + runId + "']");
        assertThat(run).hasAttribute("href", "/experiments/" + experimentId + "/runs/" + runId);
        // the owner moves it to Production from the page
        page.getByLabel("Stage", new Page.GetByLabelOptions().setExact(true)).selectOption("Production");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Move")).click();
        assertThat(page.locator("#version-facts")).containsText("Production");
        browser.assertAccessible(page);
        browser.screenshot(page, "registry-version-1280");

        run.click();
        assertThat(page).hasURL(server.url() + "/experiments/" + experimentId + "/runs/" + runId);
        page.goBack();
        page.locator("#version-facts a[aria-label^='Hub revision']").click();
        assertThat(page).hasURL(server.url() + "/alice/detector/tree/" + commit);
        assertThat(page.locator("body")).containsText("README.md");

        Page card = browser.open("/alice/detector", 375);
        assertThat(card.locator(".registered")).containsText("Registered as " + MODEL + " v1");
        browser.assertAccessible(card);
        browser.screenshot(card, "registry-registered-as-375");
        browser.assertOnlyServerRequests();
    }

    @Test
    void aFederatedTaskStartedFromTheFormShowsItsRoundsAccuracyAndARejectedResult() {
        Page page = browser.signIn("admin", ServerFixture.ADMIN_TOKEN, "/federated/tasks", 1280);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("hospital-demo");
        page.getByLabel("Base model repository (owner/name, with model.safetensors)").fill("admin/base");
        page.getByLabel("Publish each round to (owner/name, optional)").fill("admin/fl-out");
        page.getByLabel("Rounds", new Page.GetByLabelOptions().setExact(true)).fill("3");
        page.getByLabel("Clients per round").fill("4");
        page.getByLabel("Minimum clients").fill("3");
        page.getByLabel("Round timeout (s)").fill("60");
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start task")).click();

        // the page polls its live part: rounds appear without a reload, and polling stops once the task completed
        assertThat(page.locator("#timeline tr[data-round='3']")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(90_000));
        assertThat(page.locator("#task-status")).hasText("completed", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        Locator first = page.locator("#timeline tr[data-round='1']");
        assertThat(first.locator(".node-result.rejected")).containsText("hospital-broken (fit): update contains NaN or infinite values");
        assertThat(first.locator("td").nth(2)).hasText("4");
        assertThat(first.locator("td").nth(3)).hasText("3");
        assertThat(first.locator("td").nth(7)).hasText("0.5000");
        assertThat(page.locator(".round-chart polyline")).hasCount(2);
        assertThat(first.locator("a[aria-label='Checkpoint of round 1']")).hasAttribute("href",
                java.util.regex.Pattern.compile("^/admin/fl-out/tree/[0-9a-f]{40}$"));
        assertThat(page.locator("#task-repo")).hasAttribute("href", "/admin/fl-out");
        assertThat(page.locator("#task-run")).hasAttribute("href", java.util.regex.Pattern.compile("^/experiments/[^/]+/runs/[0-9a-f]+$"));
        assertThat(page.locator("#task-live")).not().hasAttribute("hx-trigger", java.util.regex.Pattern.compile(".*"));
        browser.assertAccessible(page);
        browser.screenshot(page, "fl-task-1280");

        page.navigate(server.url() + "/federations");
        Locator broken = page.locator("tr[data-node='hospital-broken']");
        assertThat(broken).containsText("online");
        assertThat(broken).containsText("chorus-java");
        assertThat(broken).containsText("Java " + Runtime.version().feature());
        assertThat(broken).containsText("SecAgg");
        assertThat(broken).containsText("DP");
        browser.assertAccessible(page);
        browser.screenshot(page, "fl-federations-1280");
        Page narrow = browser.signIn("admin", ServerFixture.ADMIN_TOKEN, "/federated/tasks", 375);
        assertThat(narrow.locator("#tasks")).containsText("hospital-demo");
        browser.assertAccessible(narrow);
        browser.screenshot(narrow, "fl-tasks-375");
        browser.assertOnlyServerRequests();
    }
}
