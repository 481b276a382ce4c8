package org.chorus.server.web;

import java.nio.file.Path;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of browser scenarios over one server and one Chromium: its {@code @BeforeAll} starts {@link #server},
 * seeds it and calls {@link #openBrowser()}; both close after the class.
 */
abstract class BrowserScenarios {
    @TempDir
    static Path dir;
    static ServerFixture server;
    static BrowserHarness browser;

    static void openBrowser() {
        browser = new BrowserHarness(server.url());
    }

    @AfterAll
    static void closeBrowserAndServer() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
