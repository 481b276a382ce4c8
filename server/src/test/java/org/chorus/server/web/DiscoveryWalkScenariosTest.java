package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Discovery end to end in Chromium: a person types in the header's search box, opens a model from the results, goes
 * to its family tree, follows a descendant, and from that model's card reaches the dataset it was trained on and the
 * dataset's viewer table; each page passes axe-core.
 */
class DiscoveryWalkScenariosTest extends BrowserScenarios {
    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "---\nlicense: mit\n---\n# Reviews\n\nProduct reviews with stars.\n");
        StringBuilder csv = new StringBuilder("id,text,stars\n");
        for (int i = 0; i < 40; i++) {
            csv.append(i).append(",review number ").append(i).append(',').append(i % 5 + 1).append('\n');
        }
        RepoFixtures.commit(server, ann, "dataset", "ann/reviews", "data", RepoFixtures.files("train.csv", csv.toString()));
        WebFixtures.repo(server, ann, "model", "ann", "walker", false,
                "---\nlicense: mit\npipeline_tag: text-classification\n---\n# Walker\nA sentiment classifier.\n");
        WebFixtures.repo(server, ann, "model", "ann", "walker-reviews", false,
                "---\nlicense: mit\npipeline_tag: text-classification\nbase_model: ann/walker\ndatasets: [ann/reviews]\n---\n# Walker on reviews\n");
        openBrowser();
    }

    @Test
    void fromTheSearchBoxToAModelItsFamilyTreeAndADatasetsViewer() {
        Page page = browser.open("/", 1280);
        page.locator("#site-search").fill("walker");
        page.locator("#site-search").press("Enter");
        page.waitForURL("**/models?search=walker");
        browser.assertAccessible(page);
        page.locator("main a[href='/ann/walker']").first().click();
        page.waitForURL("**/ann/walker");

        page.locator(".model-tree a.family-link").click();
        page.waitForURL("**/explore/families/ann/walker");
        assertThat(page.locator("#family-size")).hasText("1");
        assertThat(page.locator("#ecosystem-viewed")).containsText("hub");
        browser.assertAccessible(page);
        page.locator(".family-node a[href='/ann/walker-reviews']").first().click();
        page.waitForURL("**/ann/walker-reviews");

        page.locator("main a[href='/datasets/ann/reviews']").first().click();
        page.waitForURL("**/datasets/ann/reviews");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Viewer").setExact(true)).click();
        page.waitForURL("**/datasets/ann/reviews/viewer/default/train");
        assertThat(page.locator(".viewer-rows tbody tr")).hasCount(25);
        assertThat(page.locator(".viewer-rows tbody tr").first()).containsText("review number 0");
        browser.assertAccessible(page);
        browser.assertOnlyServerRequests();
    }
}
