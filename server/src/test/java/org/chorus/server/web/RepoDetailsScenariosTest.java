package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.imageio.ImageIO;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The repository pages' details in Chromium: the model tree's badges on their own nodes, the tab bar wrapping at
 * 375 px, a card's relative image served from the repository (and not counted as a download), the dark theme, a
 * file's history from its page, the Xet badge of large files, and editing one's profile.
 */
class RepoDetailsScenariosTest extends BrowserScenarios {
    static String annToken;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        annToken = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, annToken, "model", "ann", "base", false, null);
        RepoFixtures.commit(server, annToken, "model", "ann/base", "Add the card and a plot", Map.of(
                "README.md", (WebExploreContract.card("mit", "text-classification", "en", null) + "\n![Loss curve](images/plot.png)\n")
                        .getBytes(StandardCharsets.UTF_8),
                "images/plot.png", png(), "notes.txt", "first\n".getBytes(StandardCharsets.UTF_8)));
        RepoFixtures.commit(server, annToken, "model", "ann/base", "Unrelated change", Map.of("other.txt", "x\n".getBytes(StandardCharsets.UTF_8)));
        RepoFixtures.commit(server, annToken, "model", "ann/base", "Second note", Map.of("notes.txt", "second\n".getBytes(StandardCharsets.UTF_8)));
        RepoFixtures.commitLarge(server, annToken, "model", "ann/base", "Add weights", "weights.bin", new byte[64 * 1024]);
        WebFixtures.repo(server, annToken, "model", "ann", "tuned", false, WebExploreContract.card("mit", "text-classification", "fr", "ann/base"));
        openBrowser();
    }

    static byte[] png() {
        BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x0072B2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void theModelTreeBadgesEachNodeAndTheTabsWrapOnANarrowScreen() {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, "/ann/tuned", 375); // the owner sees four tabs, Settings too
        assertThat(page.locator(".tabs a")).hasCount(4);
        Locator chain = page.locator(".tree-chain li");
        assertThat(chain).hasCount(2);
        assertThat(chain.nth(0).locator(".badge")).hasCount(0); // the root derives from nothing
        assertThat(chain.nth(1)).hasAttribute("aria-current", "true");
        assertThat(chain.nth(1).locator(".badge")).hasText("finetune");
        Object tabs = page.evaluate("() => { const t = document.querySelector('.tabs');"
                + " return [t.scrollWidth <= t.clientWidth, [...t.querySelectorAll('a')].every(a => a.getBoundingClientRect().right <= 375)]; }");
        assertThat(tabs).as("no tab scrolled out of sight").isEqualTo(java.util.List.of(true, true));
        browser.assertAccessible(page);
        browser.screenshot(page, "card-375");
        page.navigate(page.url() + "/tree/main");
        Object files = page.evaluate("() => { const t = document.querySelector('.file-table');"
                + " return [t.getBoundingClientRect().right <= 375, getComputedStyle(t.querySelector('td.entry-date')).display]; }");
        assertThat(files).as("the file table fits a phone: last-commit columns hidden").isEqualTo(java.util.List.of(true, "none"));
        browser.assertOnlyServerRequests();
    }

    @Test
    void aCardShowsItsRelativeImageWithoutCountingADownloadAndReadsInTheDark() {
        long before = downloads();
        Page page = browser.open("/ann/base", 1280);
        Locator image = page.locator(".markdown img[alt='Loss curve']");
        assertThat(image).hasAttribute("src", "/ann/base/resolve/main/images/plot.png");
        page.waitForFunction("() => document.querySelector(\".markdown img[alt='Loss curve']\").naturalWidth === 40");
        assertThat(downloads()).as("showing the card's picture is no download").isEqualTo(before);
        String background = "() => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim()";
        String light = (String) page.evaluate(background);
        page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
        String dark = (String) page.evaluate(background);
        assertThat(dark).isNotEqualTo(light);
        browser.assertAccessible(page); // includes colour contrast, now in the dark theme
        browser.screenshot(page, "card-dark-1280");
        browser.assertOnlyServerRequests();
    }

    @Test
    void largeFilesInTheChunkStoreCarryTheXetBadge() {
        Page page = browser.open("/ann/base/tree/main", 1280);
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("weights.bin")).locator(".badge-lfs")).hasText("Xet");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("notes.txt")).locator(".badge-lfs")).hasCount(0);
        page.navigate(server.url() + "/ann/base/blob/main/weights.bin");
        assertThat(page.locator(".badge-lfs")).hasText("Xet");
        browser.assertAccessible(page);
        browser.assertOnlyServerRequests();
    }

    @Test
    void aFilesHistoryListsOnlyTheCommitsThatChangedIt() {
        Page page = browser.open("/ann/base/blob/main/notes.txt", 1280);
        page.getByLabel("notes.txt").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("History")).click();
        assertThat(page).hasURL(server.url() + "/ann/base/commits/main/notes.txt");
        assertThat(page.locator("#history-title")).containsText("notes.txt");
        assertThat(page.locator(".commit-title")).hasText(new String[] {"Second note", "Add the card and a plot"});
        browser.assertAccessible(page);
        browser.assertOnlyServerRequests();
    }

    @Test
    void peopleEditTheirProfileInSettings() {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, "/settings/profile", 1280);
        page.getByLabel("Display name").fill("Ann Example");
        page.getByLabel("Bio").fill("Trains small models <script>alert(1)</script>");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save profile")).click();
        assertThat(page.locator(".form-ok")).hasText("Profile saved.");
        assertThat(page.getByLabel("Display name")).hasValue("Ann Example");
        browser.assertAccessible(page);
        browser.screenshot(page, "settings-profile-1280");
        page.navigate(server.url() + "/ann");
        assertThat(page.locator("h1")).hasText("Ann Example");
        assertThat(page.locator(".bio")).hasText("Trains small models <script>alert(1)</script>");
        browser.assertOnlyServerRequests();
    }

    private static long downloads() {
        String info = server.get("/api/models/ann/base", null).body();
        try {
            return WebFixtures.JSON.readTree(info).path("downloads").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
