package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The search page in Chromium: a capability query, the switch to semantic mode, and on to the model's page. */
class SearchScenariosTest extends BrowserScenarios {
    static final String QUERY = "turn my German email into English";

    @BeforeAll
    static void start() throws InterruptedException {
        server = ServerFixture.sqlite(dir);
        String token = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, token, "model", "ann", "polyglot", false,
                "---\npipeline_tag: translation\nlicense: mit\n---\nTranslates German text into English; trained on news articles.\n");
        WebFixtures.repo(server, token, "model", "ann", "catspotter", false,
                "---\npipeline_tag: image-classification\nlicense: mit\n---\nTells cats from dogs in photos.\n");
        WebFixtures.repo(server, token, "model", "ann", "listener", false,
                "---\npipeline_tag: automatic-speech-recognition\nlicense: mit\n---\nWrites down what is said in recordings.\n");
        // the node's first search by meaning starts embedding its cards (in the background); wait until they are
        String api = "/api/chorus/search?mode=semantic&q=" + QUERY.replace(" ", "%20");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (ServerContract.json(server.get(api, null)).path("results").size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        openBrowser();
    }

    @Test
    void aCapabilityQueryInSemanticModeReachesTheModel() {
        Page page = browser.open("/models", 1280);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Search by capability")).click();
        page.getByLabel("Describe what you need").fill(QUERY);
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Semantic")).check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search").setExact(true)).click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile("/search\\?q=.*&mode=semantic"));
        assertThat(page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("Semantic"))).isChecked();
        assertThat(page.locator(".repo-list li").first()).hasAttribute("data-id", "ann/polyglot");
        browser.assertAccessible(page);
        browser.screenshot(page, "search-semantic-1280");
        page.locator(".repo-list li").first().getByRole(AriaRole.LINK).click();
        assertThat(page).hasURL(server.url() + "/ann/polyglot");
        assertThat(page.locator("h1")).containsText("polyglot");
        browser.assertOnlyServerRequests();
    }

    @Test
    void aBadParameterIsTheErrorPageWithItsStatus() {
        Page page = browser.open("/search?q=name%3Abert", 1280);
        assertThat(page.locator("main")).containsText("400");
        assertThat(server.get("/search?q=bert&mode=fuzzy", null).statusCode()).isEqualTo(400);
        assertThat(server.get("/search", null).statusCode()).isEqualTo(200);
    }
}
