package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person in Chromium goes from a dataset's card to its viewer, pages through the rows with htmx and filters them. */
class ViewerScenariosTest extends BrowserScenarios {

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "# Reviews\n\nProduct reviews with stars.\n");
        StringBuilder csv = new StringBuilder("id,text,label,stars\n");
        for (int i = 0; i < 120; i++) {
            csv.append(i).append(",review number ").append(i).append(',').append(i % 3 == 0 ? "pos" : "neg").append(',').append(i % 5 + 1).append('\n');
        }
        RepoFixtures.commit(server, ann, "dataset", "ann/reviews", "data", RepoFixtures.files("train.csv", csv.toString(),
                "test.jsonl", "{\"text\":\"fine\",\"stars\":4}\n"));
        openBrowser();
    }

    @Test
    void fromTheDatasetPageToItsViewerPagingAndAFilter() {
        Page page = browser.open("/datasets/ann/reviews", 1280);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Viewer").setExact(true)).click();
        assertThat(page).hasURL(server.url() + "/datasets/ann/reviews/viewer/default/train");
        assertThat(page.locator(".viewer-rows tbody tr")).hasCount(25);
        assertThat(page.locator(".viewer-rows thead")).containsText("int64");
        assertThat(page.locator("svg.column-chart").first()).isVisible();
        browser.assertAccessible(page);
        browser.screenshot(page, "viewer-1280");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Next")).click();
        assertThat(page.locator(".viewer-table .note")).containsText("Rows 26–50 of 120");
        assertThat(page).hasURL(server.url() + "/datasets/ann/reviews/viewer/default/train?offset=25");
        assertThat(page.locator(".viewer-rows tbody tr").first()).containsText("review number 25");

        page.getByLabel("Where").fill("label = 'pos' AND stars >= 4");
        page.getByLabel("Order by").fill("id DESC");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.locator(".viewer-table .note")).containsText("of 16");
        assertThat(page.locator(".viewer-rows tbody tr").first()).containsText("review number 114");
        page.getByLabel("Where").fill("stars = read_csv('/etc/passwd')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("function calls are not allowed: read_csv");
        browser.assertAccessible(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("test").setExact(true)).click();
        assertThat(page.locator(".viewer-rows tbody tr")).hasCount(1);
        Page small = browser.open("/datasets/ann/reviews/viewer/default/train", 375);
        // a narrow table squeezes its columns, but a row number is never broken over two lines ("1" above "0")
        assertThat(BrowserHarness.brokenOverLines(small, ".viewer-rows td.row-index")).as("row numbers broken over lines at 375 px").isEmpty();
        browser.assertAccessible(small);
        browser.screenshot(small, "viewer-375");
        browser.assertOnlyServerRequests();
    }
}
