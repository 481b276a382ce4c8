package org.chorus.scaleout;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A person in Chromium (Debian's, driven by Playwright) through nginx: signs in once, then each round opens a few
 * pages and checks each answered 200 and still shows them signed in, whichever node served it (the session is in
 * the database). Playwright is not thread-safe: everything is made and closed on the workload's thread.
 */
final class BrowserWorkload extends Workload {
    private final String url;
    private final String user;
    private final String password;
    private final List<String> pages;
    private Playwright playwright;
    private Page page;

    BrowserWorkload(String url, String user, String password, List<String> pages) {
        super("browser");
        this.url = url;
        this.user = user;
        this.password = password;
        this.pages = pages;
    }

    @Override
    void round(int round) throws Exception {
        if (page == null) {
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(Path.of("/usr/bin/chromium"))
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
            page = browser.newPage();
            retrying("sign in", () -> {
                page.navigate(url + "/login?next=/");
                page.getByLabel("User name").fill(user);
                page.getByLabel("Password or access token").fill(password);
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
                page.waitForURL(url + "/");
                return signedIn(page.content());
            });
        }
        for (String path : pages) {
            retrying("open " + path, () -> {
                Response r = page.navigate(url + path);
                if (r.status() != 200) {
                    throw new IllegalStateException(path + " answered " + r.status());
                }
                return signedIn(page.content());
            });
        }
    }

    private static boolean signedIn(String html) {
        if (!html.contains("Sign out")) {
            throw new AssertionError("not signed in any more");
        }
        return true;
    }

    @Override
    void finish() {
        if (playwright != null) {
            playwright.close();
        }
    }
}
