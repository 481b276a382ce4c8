package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model-tree explorer in Chromium: from a model page's model-tree panel to its family tree, a node folded away
 * and back, a descendant followed to its page; the families ranking links to the same tree.
 */
class FamilyScenariosTest extends BrowserScenarios {
    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, ann, "model", "ann", "base", false, card("llama3", "[en, fr, de]", null, null));
        WebFixtures.repo(server, ann, "model", "ann", "tuned", false, card("mit", "[en]", "ann/base", null));
        WebFixtures.repo(server, ann, "model", "ann", "tuned-gguf", false, card("mit", "[en]", "ann/tuned", "quantized"));
        WebFixtures.repo(server, ann, "model", "ann", "lora", false, card("llama3", "[en, fr]", "ann/base", "adapter"));
        openBrowser();
    }

    static String card(String licence, String languages, String base, String relation) {
        return "---\nlicense: " + licence + "\nlanguage: " + languages + "\npipeline_tag: text-generation\n"
                + (base == null ? "" : "base_model: " + base + "\n") + (relation == null ? "" : "base_model_relation: " + relation + "\n")
                + "---\n# Model\nA model of the family.\n";
    }

    @Test
    void fromAModelToItsFamilyTreeFoldANodeAndFollowADescendant() {
        Page page = browser.open("/ann/base", 1280);
        page.locator(".model-tree a.family-link").click();
        page.waitForURL("**/explore/families/ann/base");
        assertThat(page.locator("#family-size")).hasText("3");
        assertThat(page.locator("#family-depth")).hasText("2");
        Locator tuned = page.locator(".family-node", new Page.LocatorOptions().setHas(page.locator("> a", new Page.LocatorOptions().setHasText("ann/tuned")))).first();
        Locator toggle = tuned.locator("> .tree-toggle");
        Locator children = tuned.locator("> .family-children");
        assertThat(children).isVisible();
        toggle.click();
        assertThat(toggle).hasAttribute("aria-expanded", "false");
        assertThat(children).isHidden();
        toggle.click();
        assertThat(toggle).hasAttribute("aria-expanded", "true");
        assertThat(children).isVisible();
        assertThat(page.locator("#drift-licence-changed")).hasText("33.3%"); // llama3→mit changed; llama3→llama3, mit→mit not
        assertThat(page.locator("#drift-fewer")).hasText("66.7%"); // [de,en,fr]→[en], →[en,fr]; [en]→[en] not
        browser.assertAccessible(page);
        browser.screenshot(page, "family-tree-1280");
        Page phone = browser.open("/explore/families/ann/base", 375);
        assertThat(phone.evaluate("() => document.documentElement.scrollWidth <= 375")).as("the wide tables scroll inside the page, not the page").isEqualTo(true);
        children.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("ann/tuned-gguf")).click();
        page.waitForURL("**/ann/tuned-gguf");
        assertThat(page.locator(".tree-chain li")).hasCount(3);
        browser.assertOnlyServerRequests();
    }

    @Test
    void theFamiliesRankingLinksToEachTree() {
        Page page = browser.open("/explore/families", 1280);
        Locator rows = page.locator(".families-table tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0).locator("td").nth(1)).hasText("ann/base");
        assertThat(rows.nth(0).locator("td").nth(2)).hasText("2");
        browser.assertAccessible(page);
        browser.screenshot(page, "families-1280");
        rows.nth(1).getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Tree")).click();
        page.waitForURL("**/explore/families/ann/tuned");
        assertThat(page.locator("#family-size")).hasText("1");
    }
}
