package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web foundation over HTTP (no browser): pages and the Hub's git/API/file routes on the same URLs, password
 * sign-in and its cookie, CSRF, throttling, the one 404 page, and hostile cards. One server per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebPagesContract {
    @TempDir
    static Path dir;
    ServerFixture server;
    String annToken;

    abstract ServerFixture start(Path dataDir);

    @BeforeAll
    void startServer() {
        server = start(dir.resolve("server"));
        annToken = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        WebFixtures.user(server, "eve");
        WebFixtures.repo(server, annToken, "model", "ann", "sentiment", false, WebFixtures.HOSTILE_CARD);
        WebFixtures.repo(server, annToken, "model", "ann", "secret", true, "# hidden plans\n");
        WebFixtures.repo(server, annToken, "dataset", "ann", "reviews", false, "---\nlicense: mit\n---\n# Reviews\n");
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    WebClient browser() {
        return new WebClient(server.url());
    }

    @Test
    void pagesAndTheHubShareUrlsWithoutClashing() throws Exception {
        HttpResponse<String> page = browser().get("/ann/sentiment");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("<h1>Sentiment model</h1>").contains("<table>");
        assertThat(browser().get("/datasets/ann/reviews").body()).contains("<h1>Reviews</h1>").contains("mit");

        HttpResponse<String> api = server.get("/api/models", null);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(api.body()).contains("\"ann/sentiment\"");
        assertThat(server.get("/api/models/ann/sentiment", null).body()).contains("\"id\":\"ann/sentiment\"");
        assertThat(server.get("/ann/sentiment/resolve/main/README.md", null).body()).startsWith("---\nlicense: apache-2.0");
        assertThat(server.get("/ann/sentiment/info/refs?service=git-upload-pack", null).body()).contains("refs/heads/main");

        Path clone = dir.resolve("clone");
        Process git = new ProcessBuilder("git", "clone", "-q", server.url() + "/ann/sentiment", clone.toString())
                .redirectErrorStream(true).start();
        assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(new String(git.getInputStream().readAllBytes())).isZero();
        assertThat(Files.readString(clone.resolve("README.md"))).contains("# Sentiment model");

        HttpResponse<String> notApi = browser().get("/api/nothing-here");
        assertThat(notApi.statusCode()).as("owner 'api' is reserved: the API's own 404").isEqualTo(404);
        assertThat(notApi.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void assetsHaveHashedNamesAndLongCacheAndPagesAllowOnlyThisOrigin() {
        HttpResponse<String> page = browser().get("/");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'").doesNotContain("unsafe-inline");
        String css = Assets.url("chorus.css");
        assertThat(css).matches("/assets/chorus\\.[0-9a-f]{12}\\.css");
        assertThat(page.body()).contains(css).contains(Assets.url("htmx.min.js")).doesNotContain("http://").doesNotContain("https://");
        HttpResponse<String> asset = browser().get(css);
        assertThat(asset.statusCode()).isEqualTo(200);
        assertThat(asset.headers().firstValue("Cache-Control").orElse("")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(browser().get("/assets/chorus.000000000000.css").statusCode()).isEqualTo(404);
    }

    @Test
    void signInWithAPasswordGivesAnHttpOnlyLaxCookieAndSignOutEndsIt() {
        WebClient b = browser();
        HttpResponse<String> in = b.signIn("ann", WebFixtures.PASSWORD);
        assertThat(in.statusCode()).as(in.body()).isEqualTo(303);
        String cookie = WebClient.setCookies(in).stream().filter(c -> c.startsWith("chorus_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/").doesNotContain("Secure");
        assertThat(b.get("/").body()).contains("Account menu for ann").doesNotContain(">Sign in<");
        assertThat(b.get("/ann/secret").statusCode()).as("the owner sees her private repository").isEqualTo(200);

        String csrf = b.csrf("/");
        assertThat(b.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        WebClient stale = browser();
        stale.cookies.put("chorus_session", cookie.split(";")[0].substring("chorus_session=".length()));
        assertThat(stale.get("/").body()).as("the session is gone from SQL, not only from the browser").contains(">Sign in<");
    }

    @Test
    void behindHttpsTheCookieIsSecure() {
        WebClient b = browser();
        b.headers.put("X-Forwarded-Proto", "https");
        HttpResponse<String> in = b.signIn("bob", WebFixtures.PASSWORD);
        assertThat(WebClient.setCookies(in).stream().filter(c -> c.startsWith("chorus_session=")).findFirst().orElseThrow()).contains("Secure");
    }

    @Test
    void aTokenSignsInWithItsOwnUser() {
        WebClient b = browser();
        assertThat(b.signIn("", annToken).statusCode()).isEqualTo(303);
        assertThat(b.get("/").body()).contains("Account menu for ann");
        assertThat(browser().signIn("bob", annToken).statusCode()).as("another user's token").isEqualTo(401);
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        WebClient b = browser();
        b.signIn("ann", WebFixtures.PASSWORD);
        assertThat(b.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(b.post("/logout", Map.of("_csrf", "x".repeat(43))).statusCode()).isEqualTo(403);
        assertThat(b.get("/").body()).as("still signed in").contains("Account menu for ann");

        WebClient anonymous = browser();
        HttpResponse<String> forged = anonymous.post("/login", Map.of("username", "ann", "password", WebFixtures.PASSWORD));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(WebClient.setCookies(forged)).noneMatch(c -> c.startsWith("chorus_session="));
    }

    @Test
    void aPrivateRepositoryAnswersTheSame404PageAsAMissingOne() {
        WebClient eve = browser();
        eve.signIn("eve", WebFixtures.PASSWORD);
        HttpResponse<String> hidden = eve.get("/ann/secret");
        HttpResponse<String> missing = eve.get("/ann/no-such-repo");
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(missing.body().replace("ann/no-such-repo", "ann/secret")).doesNotContain("hidden plans");
        WebClient anonymous = browser();
        assertThat(anonymous.get("/ann/secret").body()).as("anonymous too")
                .isEqualTo(anonymous.get("/ann/no-such-repo").body().replace("ann/no-such-repo", "ann/secret"));
        assertThat(browser().get("/ann/bad..name").statusCode()).as("an invalid name is the same 404").isEqualTo(404);
    }

    @Test
    void aHostileCardIsInert() {
        String body = browser().get("/ann/sentiment").body();
        String card = body.substring(body.indexOf("<article"), body.indexOf("</article>"));
        assertThat(card).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("onerror").doesNotContainIgnoringCase("onmouseover").doesNotContainIgnoringCase("<iframe")
                .doesNotContain("evil.example").contains("<a href=\"https://example.org/docs\"");
        assertThat(body).as("front matter values are escaped").contains("&lt;img src=x onerror=alert(3)&gt;").doesNotContain("<img src=x");
        assertThat(body).contains("apache-2.0").contains("text-classification").contains("transformers")
                .contains("href=\"/datasets/ann/reviews\"").contains("href=\"/ann/base\"").contains("finetune");
    }

    @Test
    void failedSignInsAreThrottledPerAccountEvenForTheRightPassword() {
        WebClient b = browser();
        for (int i = 0; i < 10; i++) {
            assertThat(b.signIn("victim-" + "x", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        WebFixtures.user(server, "victim-x");
        HttpResponse<String> locked = b.signIn("victim-x", WebFixtures.PASSWORD);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        assertThat(browser().signIn("ann", WebFixtures.PASSWORD).statusCode()).as("other accounts are not locked").isEqualTo(303);
    }

    @Test
    void aPasswordTooShortIsRefusedByTheApi() {
        HttpResponse<String> r = server.send("PUT", "/api/chorus/users/bob/password", ServerFixture.ADMIN_TOKEN, "{\"password\":\"short\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("at least 8 characters");
    }
}
