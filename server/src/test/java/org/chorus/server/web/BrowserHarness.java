package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The browser tests' shared harness: one Chromium (Debian's /usr/bin/chromium, driven by Playwright for Java; Playwright
 * downloads no browser) per test class, a fresh context (cookies, storage) per {@link #open}, every request the
 * page makes recorded so a test can check none left the server ({@link #assertOnlyServerRequests}), axe-core
 * injected on demand ({@link #assertAccessible}), and screenshots under {@code server/target/screenshots/}.
 * See docs/web.md, "Browser tests".
 */
final class BrowserHarness implements AutoCloseable {
    /** Where screenshots land; the README's are copied from here to docs/screenshots/ by hand. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final String AXE = resource("/web/axe.min.js");

    private final Playwright playwright;
    private final Browser browser;
    private final String serverUrl;
    private final List<BrowserContext> contexts = new ArrayList<>();
    /** Every URL any page of this harness requested, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    BrowserHarness(String serverUrl) {
        this.serverUrl = serverUrl;
        this.playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Path.of("/usr/bin/chromium")).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
    }

    /** A new page in a fresh context (no cookies), {@code width} pixels wide, at {@code path} of the server. */
    Page open(String path, int width) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, 800));
        // Init scripts are added through the DevTools protocol, not as page script, so the page's CSP does not block axe.
        context.addInitScript(AXE);
        context.onRequest(r -> requests.add(r.url()));
        // A bound on waiting, not a speed claim: on the 2-core CI machine at load 20–40 a 30 MB upload in the page
        // has taken longer than Playwright's default 30 s.
        context.setDefaultTimeout(120_000);
        context.setDefaultNavigationTimeout(120_000);
        contexts.add(context);
        Page page = context.newPage();
        page.navigate(serverUrl + path);
        return page;
    }

    /** Signs {@code user} in through the sign-in form in a fresh context and lands on {@code next}. */
    Page signIn(String user, String password, String next, int width) {
        Page page = open("/login?next=" + next, width);
        page.getByLabel("User name").fill(user);
        page.getByLabel("Password or access token").fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        return page;
    }

    /** No page of this harness asked any host but the server (data: URLs aside). */
    void assertOnlyServerRequests() {
        assertThat(requests).isNotEmpty().allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                u -> assertThat(u).startsWith(serverUrl + "/"), u -> assertThat(u).startsWith("data:")));
    }

    /** axe-core finds no serious or critical violation on the page as it is now. */
    @SuppressWarnings("unchecked")
    void assertAccessible(Page page) {
        Object result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        assertThat((List<String>) result).as("axe-core on " + page.url()).isEmpty();
    }

    /** The text of each element matching {@code selector} that the page lays out over more than one line. */
    @SuppressWarnings("unchecked")
    static List<String> brokenOverLines(Page page, String selector) {
        return (List<String>) page.evaluate("selector => [...document.querySelectorAll(selector)].filter(e => {"
                + " const r = document.createRange(); r.selectNodeContents(e); return r.getClientRects().length > 1; }).map(e => e.textContent)", selector);
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png} and returns its path. */
    Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        contexts.forEach(BrowserContext::close);
        browser.close();
        playwright.close();
    }

    private static String resource(String name) {
        try (InputStream in = BrowserHarness.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
