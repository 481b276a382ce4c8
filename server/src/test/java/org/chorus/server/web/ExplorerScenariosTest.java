package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person in Chromium walking the explorers: ModelVerse's treemap to an organisation's page, DataVerse's
 * trained-on list to the models trained on a dataset, the organisations × weeks grid; each page checked with axe
 * and for requests to other hosts, and shot for the README.
 */
class ExplorerScenariosTest extends BrowserScenarios {
    private static final String[][] MODELS = {
            {"lab", "chat-7b", "text-generation", "ann/reviews"}, {"lab", "chat-13b", "text-generation", "ann/reviews"},
            {"lab", "coder", "text-generation", "ann/code"}, {"lab", "sentiment", "text-classification", "ann/reviews"},
            {"lab", "ner", "token-classification", "ann/news"}, {"vision", "vit-base", "image-classification", "ann/photos"},
            {"vision", "vit-large", "image-classification", "ann/photos"}, {"vision", "detr", "object-detection", "ann/photos"},
            {"vision", "sd-mini", "text-to-image", "ann/photos"}, {"speech", "whisper-tiny", "automatic-speech-recognition", "ann/voices"},
            {"speech", "tts", "text-to-speech", "ann/voices"}, {"ann", "base", "fill-mask", "ann/news"}};

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        for (String org : new String[] {"lab", "vision", "speech"}) {
            server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"" + org + "\"}");
        }
        for (String[] m : MODELS) {
            repo(ann, "model", m[0], m[1], "---\npipeline_tag: " + m[2] + "\ndatasets: [" + m[3] + "]\nlicense: apache-2.0\n---\n# " + m[1] + "\n");
        }
        repo(ann, "dataset", "ann", "reviews", "---\nlicense: mit\ntask_categories: [text-classification]\nsize_categories: [10K<n<100K]\n"
                + "tags: [modality:text]\n---\n# Reviews\n");
        repo(ann, "dataset", "ann", "photos", "---\nlicense: cc-by-4.0\ntask_categories: [image-classification, object-detection]\n"
                + "size_categories: [1M<n<10M]\ntags: [modality:image]\n---\n# Photos\n");
        openBrowser();
    }

    private static void repo(String token, String type, String owner, String name, String readme) {
        HttpResponse<String> r = server.send("POST", "/api/repos/create", token, "{\"name\":\"" + name + "\",\"type\":\"" + type + "\""
                + (owner.equals("ann") ? "" : ",\"organization\":\"" + owner + "\"") + "}");
        org.assertj.core.api.Assertions.assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String body = "{\"key\":\"header\",\"value\":{\"summary\":\"card\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":"
                + WebFixtures.JSON.valueToTree(readme) + ",\"encoding\":\"utf-8\"}}";
        HttpResponse<String> c = server.send("POST", "/api/" + type + "s/" + owner + "/" + name + "/commit/main", token, body);
        org.assertj.core.api.Assertions.assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
    }

    @Test
    void fromTheTreemapToAnOrganisation() {
        Page page = browser.open("/", 1280);
        page.locator(".site-nav a", new Page.LocatorOptions().setHasText("Explore")).click();
        page.locator(".explore-cards a", new Page.LocatorOptions().setHasText("ModelVerse")).click();
        assertThat(page).hasURL(server.url() + "/explore/modelverse");
        assertThat(page.locator(".treemap-wide a.org-tile")).hasCount(4);
        assertThat(page.locator(".treemap-narrow")).isHidden();
        assertThat(page.locator("table.ranking tbody tr").first()).hasAttribute("data-org", "lab");
        browser.assertAccessible(page);
        browser.screenshot(page, "explore-modelverse-1280");
        page.locator(".treemap-wide a[href='/explore/organizations/vision']").click();
        assertThat(page).hasURL(server.url() + "/explore/organizations/vision");
        assertThat(page.locator("h1")).hasText("vision");
        assertThat(page.locator("table tbody tr").first()).containsText("image-classification");
        assertThat(page.locator(".heatmap svg rect.day:not(.level-0)")).not().hasCount(0);
        browser.assertAccessible(page);
        browser.screenshot(page, "explore-organization-1280");
        Page none = browser.open("/explore/modelverse?size=downloads", 375); // no downloads yet: a sentence, not an empty box
        assertThat(none.locator(".treemap")).hasCount(0);
        assertThat(none.locator("section[aria-labelledby=treemap-title] .empty")).containsText("Nothing to draw by this measure yet");
        Page narrow = browser.open("/explore/modelverse", 375);
        // a phone gets the narrow layout, every organisation's tile within the screen (the wide one showed the largest alone)
        assertThat(narrow.locator(".treemap-wide")).isHidden();
        assertThat(narrow.locator(".treemap-narrow a.org-tile")).hasCount(4);
        browser.screenshot(narrow, "explore-modelverse-375");
        Object outside = narrow.evaluate("() => [...document.querySelectorAll('.treemap-narrow a.org-tile rect.org')].map(r => r.getBoundingClientRect())"
                + ".filter(b => b.width < 1 || b.right > innerWidth).map(b => b.left + '–' + b.right + ' × ' + b.height)");
        org.assertj.core.api.Assertions.assertThat((java.util.List<?>) outside).as("tiles off the screen or empty at 375 px").isEmpty();
        browser.assertAccessible(narrow);
        browser.assertOnlyServerRequests();
    }

    @Test
    void fromADatasetToTheModelsTrainedOnIt() {
        Page page = browser.open("/explore/dataverse", 1280);
        assertThat(page.locator("#col-task_categories ~ ul li").first()).containsText("image-classification");
        assertThat(page.locator("table.trained-on tbody tr").first()).hasAttribute("data-dataset", "ann/photos");
        browser.assertAccessible(page);
        browser.screenshot(page, "explore-dataverse-1280");
        page.locator("tr[data-dataset='ann/reviews'] a").click();
        assertThat(page).hasURL(Pattern.compile("/models\\?filter=dataset%3Aann%2Freviews"));
        assertThat(page.locator(".repo-list li")).hasCount(3);
        page.navigate(server.url() + "/explore/activity");
        assertThat(page.locator(".heatmap a")).hasCount(3);
        browser.assertAccessible(page);
        browser.screenshot(page, "explore-activity-1280");
        browser.assertOnlyServerRequests();
    }
}
