package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person in Chromium on the repository's other tabs: browses to a file and its safetensors summary, reads a commit's
 * diff, changes visibility and deletes a repository from settings; every page passes axe-core and asks only this server.
 */
class RepoBrowserScenariosTest extends BrowserScenarios {
    static String change;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, ann, "model", "ann", "bert", false, "# Bert\n");
        RepoFixtures.commit(server, ann, "model", "ann/bert", "Add weights and code", Map.of(
                "model.safetensors", RepoFixtures.safetensors(),
                "src/train.py", "import torch\nprint('hello')\n".getBytes(StandardCharsets.UTF_8),
                "data/rows.csv", "name,score\nalpha,1\n".getBytes(StandardCharsets.UTF_8)));
        change = RepoFixtures.commit(server, ann, "model", "ann/bert", RepoPagesContract.HOSTILE_MESSAGE, Map.of(
                "src/train.py", "import torch\nprint('hello, world')\n".getBytes(StandardCharsets.UTF_8)));
        WebFixtures.repo(server, ann, "model", "ann", "scratch", false, "# Scratch\n");
        openBrowser();
    }

    @Test
    void browseToAFileAndItsSafetensorsSummary() {
        Page page = browser.open("/ann/bert", 1280);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Files and versions")).click();
        assertThat(page).hasURL(server.url() + "/ann/bert/tree/main");
        assertThat(page.locator(".entry-commit").first()).not().isEmpty(); // last commits arrived through htmx
        browser.assertAccessible(page);
        browser.screenshot(page, "tree-1280");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("model.safetensors").setExact(true)).click();
        assertThat(page.locator(".safetensors")).containsText("embed.weight");
        assertThat(page.locator(".safetensors")).containsText("15");
        browser.assertAccessible(page);
        browser.screenshot(page, "safetensors-1280");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("bert").setExact(true)).last().click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("src").setExact(true)).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("train.py").setExact(true)).click();
        assertThat(page.locator("#L2")).containsText("hello, world");
        browser.assertAccessible(page);
        Page small = browser.open("/ann/bert/blob/main/data/rows.csv", 375);
        assertThat(small.locator(".data-table")).containsText("alpha");
        browser.assertAccessible(small);
        browser.screenshot(small, "table-375");
        browser.assertOnlyServerRequests();
    }

    @Test
    void aCommitsDiffAndTheHistory() {
        Page page = browser.open("/ann/bert/commits/main", 1280);
        assertThat(page).hasTitle("Commits · ann/bert · Chorus");
        browser.assertAccessible(page);
        page.locator(".commit-title").first().click();
        assertThat(page).hasURL(server.url() + "/ann/bert/commit/" + change);
        assertThat(page.locator(".diff .add")).containsText("hello, world");
        assertThat(page.locator(".diff .del")).containsText("hello')");
        assertThat((Integer) page.evaluate("document.querySelectorAll('main script, main img, [onerror]').length")).isZero();
        browser.assertAccessible(page);
        browser.screenshot(page, "commit-1280");
        Page refs = browser.open("/ann/bert/refs", 375);
        assertThat(refs.locator(".ref-list").first()).containsText("main");
        browser.assertAccessible(refs);
        browser.assertOnlyServerRequests();
    }

    @Test
    void settingsChangeVisibilityThenDelete() {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, "/ann/scratch/settings", 1280);
        assertThat(page.locator("h2#settings-title")).hasText("Settings");
        browser.assertAccessible(page);
        page.getByLabel("Private: only you and members who may read it").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change visibility")).click();
        assertThat(page.locator(".notice")).containsText("now private");
        assertThat(server.get("/api/models/ann/scratch", null).statusCode()).isEqualTo(404);
        browser.screenshot(page, "settings-1280");
        page.getByLabel("Repository name").fill("ann/scratch");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete this repository")).click();
        page.waitForURL(server.url() + "/ann");
        assertThat(server.get("/api/models/ann/scratch", ServerFixture.ADMIN_TOKEN).statusCode()).isEqualTo(404);
        browser.assertOnlyServerRequests();
    }
}
