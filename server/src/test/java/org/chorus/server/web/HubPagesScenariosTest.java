package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person in Chromium finding and keeping things: creates a repository, likes one, searches with a facet, makes and
 * revokes a token, changes their password and signs in with it. Each page is checked with axe and for requests to
 * other hosts; the screenshots feed the README's tour.
 */
class HubPagesScenariosTest extends BrowserScenarios {

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        WebFixtures.user(server, "carl");
        WebFixtures.user(server, "dana");
        WebFixtures.repo(server, ann, "model", "ann", "base", false, WebExploreContract.card("mit", "text-classification", "en", null));
        WebFixtures.repo(server, ann, "model", "ann", "tuned", false, WebExploreContract.card("mit", "text-classification", "fr", "ann/base"));
        WebFixtures.repo(server, ann, "model", "ann", "vision", false, WebExploreContract.card("apache-2.0", "image-classification", "en", null));
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "---\nlicense: mit\n---\n# Reviews\n");
        server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}");
        server.send("PUT", "/api/chorus/orgs/lab/members/bob", ann, "{\"role\":\"write\"}");
        for (int i = 0; i < 3; i++) {
            server.get("/ann/base/resolve/main/README.md", null);
        }
        server.refreshDownloadCounts(); // lists sorted by downloads or trending take them at the node's next batch
        openBrowser();
    }

    static Page signIn(String user, String password, String next, int width) {
        return browser.signIn(user, password, next, width);
    }

    @Test
    void createARepositoryFromTheForm() {
        Page page = signIn("bob", WebFixtures.PASSWORD, "/new", 1280);
        assertThat(page.getByLabel("Owner", new Page.GetByLabelOptions().setExact(true)).locator("option")).hasCount(2);
        page.getByLabel("Owner", new Page.GetByLabelOptions().setExact(true)).selectOption("lab");
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("first-model");
        page.getByLabel("Licence", new Page.GetByLabelOptions().setExact(true)).selectOption("apache-2.0");
        browser.assertAccessible(page);
        browser.screenshot(page, "new-repo-1280");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create repository")).click();
        assertThat(page).hasURL(server.url() + "/lab/first-model");
        assertThat(page.locator(".metadata")).containsText("apache-2.0");
        page.navigate(server.url() + "/");
        assertThat(page.locator("ul.org-list")).containsText("lab");
        browser.assertAccessible(page);
        browser.screenshot(page, "home-1280");
        browser.assertOnlyServerRequests();
    }

    @Test
    void likeAModelAndSeeItsPanels() {
        Page page = signIn("carl", WebFixtures.PASSWORD, "/ann/tuned", 1280);
        Page.GetByRoleOptions like = new Page.GetByRoleOptions().setName(Pattern.compile("Like"));
        page.getByRole(AriaRole.BUTTON, like).click();
        assertThat(page.locator(".like-button")).hasAttribute("aria-pressed", "true");
        assertThat(page.locator(".like-count")).hasText("1");
        assertThat(page).hasURL(server.url() + "/ann/tuned");
        page.reload();
        assertThat(page.locator(".like-button")).containsText("Liked");
        assertThat(page.locator(".model-tree")).containsText("ann/base");
        page.locator(".use > summary").click();
        browser.assertAccessible(page);
        browser.screenshot(page, "card-panels-1280");
        page.navigate(server.url() + "/ann/base");
        assertThat(page.locator(".downloads-chart figcaption")).containsText("3 downloads");
        page.locator("a[data-relation=finetune]").click();
        assertThat(page).hasURL(Pattern.compile("filter=base_model%3Afinetune%3Aann%2Fbase"));
        assertThat(page.locator(".repo-list li")).hasCount(1);
        browser.assertOnlyServerRequests();
    }

    @Test
    @SuppressWarnings("unchecked")
    void homeListsHoldTheirRowsAtEveryWidth() {
        // At 1000 px the three columns are ~310 px wide: a row's name and its counts no longer fit on one line.
        for (int width : new int[] {375, 1000, 1280}) {
            Page page = browser.open("/", width);
            Object spilled = page.evaluate("() => [...document.querySelectorAll('.repo-list li')].filter(li => {"
                    + " const bottom = li.getBoundingClientRect().bottom + 0.5;"
                    + " return [...li.querySelectorAll('*')].some(e => e.getBoundingClientRect().bottom > bottom); }).map(li => li.dataset.id)");
            assertThat((java.util.List<String>) spilled).as("rows whose text spills out of them at %d px", width).isEmpty();
        }
    }

    @Test
    void searchWithAFacet() {
        Page page = browser.open("/", 375);
        Object nav = page.evaluate("() => [...document.querySelectorAll('.site-nav a')].every(a => a.getBoundingClientRect().right <= 375)");
        assertThat(nav).as("every section of the header is on the phone's screen").isEqualTo(true);
        page.locator("#site-search").fill("a");
        page.locator("#site-search").press("Enter");
        assertThat(page).hasURL(Pattern.compile("/models\\?search=a"));
        assertThat(page.locator(".repo-list li")).hasCount(3);
        assertThat(page.locator("#list-search")).hasAttribute("placeholder", "Search models"); // the box searches the index, not names only
        page.locator("a.facet-value[data-facet=license]", new Page.LocatorOptions().setHasText("mit")).click();
        assertThat(page).hasURL(Pattern.compile("filter=license%3Amit"));
        assertThat(page.locator(".repo-list li")).hasCount(2);
        assertThat(page.locator("a.facet-value[aria-current=true]")).hasText(Pattern.compile("mit\\s+2"));
        browser.assertAccessible(page);
        browser.screenshot(page, "models-375");
        Page wide = browser.open("/models", 1280);
        browser.assertAccessible(wide);
        browser.screenshot(wide, "models-1280");
        Page profile = browser.open("/ann", 1280);
        assertThat(profile.locator(".heatmap svg rect")).not().hasCount(0);
        browser.assertAccessible(profile);
        browser.screenshot(profile, "profile-1280");
        browser.assertOnlyServerRequests();
    }

    @Test
    void createAndRevokeAToken() {
        Page page = signIn("ann", WebFixtures.PASSWORD, "/settings/tokens", 1280);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("laptop");
        page.getByLabel("Role").selectOption("write");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
        String secret = page.locator("#new-token").inputValue();
        assertThat(secret).startsWith("hf_");
        assertThat(server.get("/api/whoami-v2", secret).statusCode()).isEqualTo(200);
        browser.assertAccessible(page);
        browser.screenshot(page, "tokens-1280");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke laptop")).click();
        assertThat(page.locator("tr[data-token=laptop]")).containsText("revoked");
        assertThat(page.locator("#new-token")).hasCount(0);
        assertThat(server.get("/api/whoami-v2", secret).statusCode()).isEqualTo(401);
        browser.assertOnlyServerRequests();
    }

    @Test
    void changeThePasswordThenSignInWithIt() {
        Page page = signIn("dana", WebFixtures.PASSWORD, "/settings/password", 375);
        page.getByLabel("Current password").fill(WebFixtures.PASSWORD);
        page.getByLabel("New password", new Page.GetByLabelOptions().setExact(true)).fill("a much newer secret");
        page.getByLabel("Confirm the new password").fill("a much newer secret");
        browser.assertAccessible(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change password")).click();
        assertThat(page).hasURL(Pattern.compile("/login"));
        Page again = signIn("dana", "a much newer secret", "/settings/tokens", 375);
        assertThat(again).hasURL(server.url() + "/settings/tokens");
        assertThat(again.locator("summary")).containsText("dana");
        browser.assertOnlyServerRequests();
    }
}
