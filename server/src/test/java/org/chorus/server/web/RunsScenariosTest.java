package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * A person in Chromium following experiments (web/runs): runs logged with the official MLflow Java client while the
 * run page is open grow its chart; the runs table is filtered, sorted, shows a bad filter's error and takes chosen
 * columns; a note is edited. Each page is checked with axe and for requests to other hosts.
 */
class RunsScenariosTest extends BrowserScenarios {
    static MlflowClient client;
    static String experiment;
    static final java.util.Map<String, String> RUN_IDS = new java.util.HashMap<>();

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        client = new MlflowClient(new BasicMlflowHostCreds(server.url(), ann));
        experiment = client.createExperiment("vision");
        RUN_IDS.putAll(logRuns(client, experiment));
        openBrowser();
    }

    /**
     * Four finished runs (resnet-18, resnet-50, vit-b, mobilenet) in {@code experiment}, each with two params, 50 steps
     * of accuracy and a final loss, logged with the official client; returns run name → id.
     */
    static java.util.Map<String, String> logRuns(MlflowClient client, String experiment) {
        java.util.Map<String, String> ids = new java.util.HashMap<>();
        String[][] runs = {{"resnet-18", "0.71", "sgd"}, {"resnet-50", "0.83", "adam"}, {"vit-b", "0.88", "adam"}, {"mobilenet", "0.64", "sgd"}};
        for (String[] r : runs) {
            String id = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experiment).setRunName(r[0]).build()).getRunId();
            ids.put(r[0], id);
            client.logParam(id, "optimizer", r[2]);
            client.logParam(id, "batch_size", "64");
            for (int step = 0; step < 50; step++) {
                double acc = Double.parseDouble(r[1]) * (1 - Math.exp(-step / 10.0));
                client.logMetric(id, "accuracy", acc, 1_700_000_000_000L + step * 1000L, step);
            }
            client.logMetric(id, "loss", 1 - Double.parseDouble(r[1]));
            client.setTerminated(id);
        }
        return ids;
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    static Page signIn(String next, int width) {
        return browser.signIn("ann", WebFixtures.PASSWORD, next, width);
    }

    @Test
    void theChartGrowsWhileTheRunLogs() {
        String run = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experiment).setRunName("live-run").build()).getRunId();
        for (int step = 0; step < 10; step++) {
            client.logMetric(run, "train_loss", 2.0 / (step + 1), System.currentTimeMillis(), step);
        }
        Page page = signIn("/experiments/" + experiment + "/runs/" + run, 1280);
        Locator chart = page.locator("figure[data-key=train_loss]");
        assertThat(chart).hasAttribute("data-points", "10");
        assertThat(page.locator("#run-status")).hasText("running");
        for (int step = 10; step < 25; step++) {
            client.logMetric(run, "train_loss", 2.0 / (step + 1), System.currentTimeMillis(), step);
        }
        LocatorAssertions.HasAttributeOptions poll = new LocatorAssertions.HasAttributeOptions().setTimeout(15_000);
        assertThat(chart).hasAttribute("data-points", "25", poll);
        assertThat(chart).hasAttribute("data-last-step", "24", poll);
        assertThat(chart.locator("canvas")).hasCount(1);

        page.getByLabel("x", new Page.GetByLabelOptions().setExact(true)).selectOption("relative");
        page.getByLabel("log scale").check();
        assertThat(chart).hasAttribute("data-points", "25");
        browser.assertAccessible(page);
        browser.screenshot(page, "run-1280");
        client.setTerminated(run);
        assertThat(page.locator("#run-status")).hasText("finished", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(15_000));
        browser.assertOnlyServerRequests();
    }

    @Test
    void filterSortAndChooseColumnsInTheRunsTable() {
        Page page = signIn("/experiments/" + experiment, 1280);
        Locator rows = page.locator("table.runs-table tbody tr");
        page.getByLabel("Filter", new Page.GetByLabelOptions().setExact(true)).fill("metrics.accuracy > 0.7 and params.optimizer = 'adam'");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(rows).hasCount(2);
        page.locator("thead a[title='metrics.accuracy']").click();
        assertThat(page).hasURL(Pattern.compile("order=metrics.accuracy\\+DESC"));
        assertThat(rows.first().locator("th")).containsText("vit-b");
        page.locator("thead a[title='metrics.accuracy']").click();
        assertThat(rows.first().locator("th")).containsText("resnet-50");
        assertThat(page).hasURL(Pattern.compile("filter=metrics.accuracy"));

        page.getByLabel("Filter", new Page.GetByLabelOptions().setExact(true)).fill("metrics.accuracy >> 0.7");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
        assertThat(page.locator("#filter-error")).containsText("at position 18");
        assertThat(page.locator("#filter-error pre")).containsText("^");
        browser.assertAccessible(page);
        browser.screenshot(page, "runs-filter-error-1280");

        page.navigate(server.url() + "/experiments/" + experiment);
        page.locator(".column-chooser > summary").click();
        page.getByLabel("Find a key").fill("batch");
        Locator choices = page.locator("#column-choices li");
        assertThat(choices.filter(new Locator.FilterOptions().setHasText("batch_size"))).hasCount(1);
        page.locator("#column-choices input[value='params.batch_size']").check();
        page.locator("#column-choices input[value='metrics.accuracy']").uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show columns")).click();
        assertThat(page).hasURL(Pattern.compile("col=params.batch_size"));
        assertThat(page.locator("thead a[title='params.batch_size']")).hasCount(1);
        assertThat(page.locator("thead a[title='metrics.accuracy']")).hasCount(0);
        assertThat(rows).hasCount(4);

        page.getByLabel("Group by").selectOption("params.optimizer");
        page.getByLabel("of", new Page.GetByLabelOptions().setExact(true)).selectOption("accuracy");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Group")).click();
        assertThat(page.locator("table.groups-table tbody tr")).hasCount(2);
        browser.assertAccessible(page);
        browser.screenshot(page, "runs-table-1280");
        Page narrow = signIn("/experiments/" + experiment, 375);
        browser.assertAccessible(narrow);
        browser.screenshot(narrow, "runs-table-375");
        browser.assertOnlyServerRequests();
    }

    @Test
    void theExperimentsHeaderFitsAPhone() {
        Page page = signIn("/experiments", 375);
        Object fits = page.evaluate("() => [...document.querySelectorAll('.section-head *')].every(e => e.getBoundingClientRect().right <= 375)");
        assertThat(fits).as("the title and the search form are on the phone's screen").isEqualTo(true);
    }

    @Test
    void editANoteAndBrowseExperiments() {
        String run = RUN_IDS.get("vit-b");
        Page page = signIn("/experiments/" + experiment + "/runs/" + run, 1280);
        page.locator(".note-editor > summary").click();
        page.getByLabel("Note (Markdown)").fill("## Best so far\n\nPatch size **16**, see `config.json`.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save note")).click();
        assertThat(page.locator(".note-body h2")).hasText("Best so far");
        assertThat(page.locator(".note-body strong")).hasText("16");
        assertThat(client.getRun(run).getData().getTagsList()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("mlflow.note.content");
            assertThat(t.getValue()).startsWith("## Best so far");
        });
        assertThat(page.locator("figure[data-key=accuracy]")).hasAttribute("data-points", "50");
        browser.assertAccessible(page);

        page.navigate(server.url() + "/experiments");
        assertThat(page.locator(".experiments-table")).containsText("vision");
        browser.assertAccessible(page);
        browser.screenshot(page, "experiments-1280");
        browser.assertOnlyServerRequests();
    }
}
