package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * A person in Chromium comparing runs (web/runs/CompareRunsPages, compare.js): three runs chosen in the runs table,
 * their overlaid charts, a brushed parallel-coordinates axis filtering the lines, the scatter's choice kept in the URL,
 * and the table's "differences only". Each page is checked with axe and for requests to other hosts.
 */
class CompareScenariosTest extends BrowserScenarios {
    static MlflowClient client;
    static String experiment;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        client = new MlflowClient(new BasicMlflowHostCreds(server.url(), ann));
        experiment = client.createExperiment("sweep");
        String[][] runs = {{"lr-high", "0.1", "0.9"}, {"lr-mid", "0.01", "0.8"}, {"lr-low", "0.001", "0.6"}, {"not-chosen", "0.05", "0.7"}};
        for (String[] r : runs) {
            String id = client.createRun(Service.CreateRun.newBuilder().setExperimentId(experiment).setRunName(r[0]).build()).getRunId();
            client.logParam(id, "lr", r[1]);
            client.logParam(id, "batch_size", "64");
            for (int step = 0; step < 30; step++) {
                double acc = Double.parseDouble(r[2]) * (1 - Math.exp(-step / 8.0));
                client.logMetric(id, "accuracy", acc, 1_700_000_000_000L + step * 1000L, step);
                client.logMetric(id, "loss", 1 - acc, 1_700_000_000_000L + step * 1000L, step);
            }
            client.setTerminated(id);
        }
        openBrowser();
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void compareThreeRunsBrushAnAxisAndShowOnlyDifferences() {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, "/experiments/" + experiment, 1280);
        for (String run : new String[] {"lr-high", "lr-mid", "lr-low"}) {
            page.getByLabel("Select " + run).check();
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Compare").setExact(true)).click();
        assertThat(page).hasURL(Pattern.compile("/compare\\?run=[0-9a-f]+&run=[0-9a-f]+&run=[0-9a-f]+$"));
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Compare 3 runs"))).isVisible();
        assertThat(page.locator("section.compare")).hasAttribute("data-charts-drawn", "2");
        assertThat(page.locator("figure[data-key=accuracy]")).hasAttribute("data-runs-drawn", "3");
        assertThat(page.locator("figure[data-key=accuracy] canvas")).hasCount(1);

        Locator lines = page.locator("#parallel polyline.pc-line");
        assertThat(lines).hasCount(3);
        assertThat(page.locator("#parallel polyline.pc-line.filtered")).hasCount(0);
        // drag along the lr axis from its top (0.1) down to its middle: only lr-high stays
        BoundingBox axis = page.locator("g.pc-axis[data-axis='params.lr'] rect.pc-hit").boundingBox();
        double x = axis.x + axis.width / 2;
        page.mouse().move(x, axis.y + 2);
        page.mouse().down();
        page.mouse().move(x, axis.y + axis.height * 0.3, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().move(x, axis.y + axis.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(page.locator("#parallel svg")).hasAttribute("data-shown", "1");
        assertThat(page.locator("#parallel polyline.pc-line.filtered")).hasCount(2);
        assertThat(page.locator("#parallel polyline.pc-line:not(.filtered) title")).hasText("lr-high");
        assertThat(page.locator("#parallel-status")).hasText("1 of 3 runs inside the brushed ranges.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Clear brushes")).click();
        assertThat(page.locator("#parallel polyline.pc-line.filtered")).hasCount(0);

        page.getByLabel("x", new Page.GetByLabelOptions().setExact(true)).selectOption("metrics.loss");
        assertThat(page).hasURL(Pattern.compile("sx=metrics.loss"));
        assertThat(page.locator("#scatter svg")).hasAttribute("data-shown", "3");
        assertThat(page.locator("#box g.box")).hasCount(1); // grouped by batch_size, the same for all
        page.getByLabel("grouped by").selectOption("lr");
        assertThat(page.locator("#box g.box")).hasCount(3);
        assertThat(page).hasURL(Pattern.compile("bp=lr"));

        Locator same = page.locator("#compare-table tbody tr", new Page.LocatorOptions().setHasText("batch_size"));
        Locator differs = page.locator("#compare-table tbody tr", new Page.LocatorOptions().setHasText("params.lr"));
        assertThat(same).isVisible();
        page.getByLabel("Differences only").check();
        assertThat(same).isHidden();
        assertThat(differs).isVisible();
        assertThat(page).hasURL(Pattern.compile("diff=1"));
        browser.assertAccessible(page);
        browser.screenshot(page, "compare-1280");

        page.reload();
        assertThat(page.getByLabel("Differences only")).isChecked();
        assertThat(same).isHidden();
        assertThat(page.getByLabel("x", new Page.GetByLabelOptions().setExact(true))).hasValue("metrics.loss");
        Page narrow = browser.signIn("ann", WebFixtures.PASSWORD, java.net.URLEncoder.encode(page.url().substring(server.url().length()),
                java.nio.charset.StandardCharsets.UTF_8), 375);
        assertThat(narrow.locator("section.compare")).hasAttribute("data-charts-drawn", "2");
        browser.assertAccessible(narrow);
        browser.screenshot(narrow, "compare-375");
        browser.assertOnlyServerRequests();
        assertThat(page.url()).contains("/experiments/" + experiment + "/compare?");
    }
}
