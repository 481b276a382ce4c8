package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A person in Chromium: signs in, reads a card, is kept out of a private repository, cannot be tricked by a card. */
class BrowserScenariosTest extends BrowserScenarios {

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        String ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "eve");
        WebFixtures.repo(server, ann, "model", "ann", "sentiment", false, WebFixtures.HOSTILE_CARD);
        WebFixtures.repo(server, ann, "model", "ann", "secret", true, "# hidden plans\n");
        openBrowser();
    }

    static Page signIn(String user, String next, int width) {
        return browser.signIn(user, WebFixtures.PASSWORD, next, width);
    }

    @Test
    void signInWithAPasswordAndSeeTheCardWithItsMetadata() {
        Page login = browser.open("/login", 375);
        browser.assertAccessible(login);
        browser.screenshot(login, "login-375");

        Page page = signIn("ann", "/ann/sentiment", 1280);
        assertThat(page).hasURL(server.url() + "/ann/sentiment");
        assertThat(page.getByText("Account menu for ann").or(page.locator("summary", new Page.LocatorOptions().setHasText("ann")))).isVisible();
        assertThat(page.locator("article h1")).hasText("Sentiment model");
        assertThat(page.locator(".metadata")).containsText("apache-2.0");
        assertThat(page.locator(".metadata")).containsText("text-classification");
        assertThat(page.locator(".metadata a[href='/datasets/ann/reviews']")).isVisible();
        browser.assertAccessible(page);
        browser.screenshot(page, "card-1280");
        browser.assertOnlyServerRequests();
    }

    @Test
    void aHostileCardRunsNothing() {
        Page page = browser.open("/ann/sentiment", 1280);
        assertThat(page).hasTitle("ann/sentiment · Chorus");
        page.locator("article div").hover();
        assertThat(page).hasTitle("ann/sentiment · Chorus");
        assertThat((Integer) page.evaluate("document.querySelectorAll('article script, article iframe, article [onerror], article [onmouseover]').length")).isZero();
        browser.assertOnlyServerRequests();
    }

    @Test
    void anotherUserGetsThe404PageForAPrivateRepository() {
        Page page = signIn("eve", "/ann/secret", 375);
        assertThat(page.locator("h1")).hasText("Page not found");
        assertThat(page.content()).doesNotContain("hidden plans");
        Response missing = page.navigate(server.url() + "/ann/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        browser.assertAccessible(page);
        browser.screenshot(page, "not-found-375");
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        Page page = signIn("eve", "/", 1280);
        Object status = page.evaluate("async () => (await fetch('/logout', {method: 'POST', body: new URLSearchParams({x: '1'})})).status");
        assertThat(status).isEqualTo(403);
        page.reload();
        assertThat(page.locator("summary")).containsText("eve");
    }
}
