package org.chorus.server.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.server.ServerContract;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changes from the browser as a person makes them, in Chromium: a folder with a 30 MB file dropped on the upload
 * page goes up as LFS parts straight from the browser, one part's connection drops and only that part is sent again;
 * the card is edited with a preview and committed; a file is deleted; the cookie alone drives no API call.
 */
class UploadScenariosTest extends BrowserScenarios {
    private static final Pattern PART = Pattern.compile("/api/chorus/lfs/[^/]+/[0-9a-f]{64}/[0-9]+/part/([0-9]+)\\?");
    static String annToken;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        annToken = WebFixtures.user(server, "ann");
        WebFixtures.repo(server, annToken, "model", "ann", "uploads", false, "---\nlicense: mit\n---\n# Uploads\n");
        WebFixtures.repo(server, annToken, "model", "ann", "cards", false, "# Before\n");
        openBrowser();
    }

    static Page signIn(String next, int width) {
        Page page = browser.signIn("ann", WebFixtures.PASSWORD, next, width);
        assertThat(page).hasURL(server.url() + next);
        return page;
    }

    @Test
    void dropAFolderWithA30MbFileThatGoesUpAsLfsPartsAndResumesAfterADroppedPart() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("checkpoint"));
        byte[] weights = new byte[30_000_000];
        new Random(14).nextBytes(weights);
        Files.write(folder.resolve("weights.bin"), weights);
        Files.writeString(folder.resolve("config.json"), "{\"hidden_size\": 8}\n");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(weights));

        Page page = signIn("/ann/uploads/upload/main", 1280);
        // The second part's connection drops once; every part request is counted by part number.
        Map<Integer, AtomicInteger> sent = new ConcurrentHashMap<>();
        page.route(PART.asPredicate()::test, route -> {
            Matcher m = PART.matcher(route.request().url());
            assertThat(m.find()).isTrue();
            int part = Integer.parseInt(m.group(1));
            if (sent.computeIfAbsent(part, p -> new AtomicInteger()).incrementAndGet() == 1 && part == 2) {
                route.abort("connectionreset");
            } else {
                route.resume();
            }
        });

        // Drag and drop: the folder's files (read by a file input the test adds, as the OS would hand them over) are
        // dropped on the drop zone with a DataTransfer, keeping their paths inside the folder.
        page.evaluate("() => { const i = document.createElement('input'); i.type = 'file'; i.id = 'test-source';"
                + " i.webkitdirectory = true; i.hidden = true; document.body.append(i); }");
        page.locator("#test-source").setInputFiles(folder);
        JSHandle drop = page.evaluateHandle("() => { const dt = new DataTransfer();"
                + " for (const f of document.getElementById('test-source').files) dt.items.add(f); return dt; }");
        page.locator("#dropzone").dispatchEvent("drop", Map.of("dataTransfer", drop));
        assertThat(page.locator("#upload-list tr")).hasCount(2);
        assertThat(page.locator("#upload-list")).containsText("checkpoint/weights.bin");
        browser.assertAccessible(page);
        browser.screenshot(page, "upload-1280");

        page.getByLabel("Commit message").fill("Add the checkpoint");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Commit changes")).click();
        page.waitForURL(Pattern.compile(".*/ann/uploads\\?committed=[0-9a-f]{40}"));

        assertThat(sent.keySet()).as("30 MB in 16 MiB parts").containsExactlyInAnyOrder(1, 2);
        assertThat(sent.get(1).get()).as("the stored part is not sent again").isEqualTo(1);
        assertThat(sent.get(2).get()).as("the dropped part is sent again").isEqualTo(2);

        JsonNode tree = ServerContract.json(server.get("/api/models/ann/uploads/tree/main/checkpoint", annToken));
        JsonNode big = null;
        for (JsonNode e : tree) {
            if (e.path("path").asText().equals("checkpoint/weights.bin")) {
                big = e;
            }
        }
        assertThat(big).as(tree.toString()).isNotNull();
        assertThat(big.path("lfs").path("oid").asText()).as("stored as LFS with the browser's sha256").isEqualTo(sha);
        byte[] back = server.getBytes("/ann/uploads/resolve/main/checkpoint/weights.bin", null);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back))).isEqualTo(sha);
        assertThat(new String(server.getBytes("/ann/uploads/resolve/main/checkpoint/config.json", null))).contains("hidden_size");
        JsonNode commits = ServerContract.json(server.get("/api/models/ann/uploads/commits/main", annToken));
        assertThat(commits.path(0).path("title").asText()).isEqualTo("Add the checkpoint");

        // The session cookie alone drives no API call: the page's own script could, with its CSRF header.
        Object status = page.evaluate("async () => (await fetch('/api/models/ann/uploads/commit/main', {method: 'POST',"
                + " body: '{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}'})).status");
        assertThat(status).isEqualTo(401);
        browser.assertOnlyServerRequests();
    }

    @Test
    void pickAFileAndCommitItToANewBranch() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.md"), "# Notes for the branch\n");
        Page page = signIn("/ann/cards/upload/main", 375);
        page.locator("#upload-files").setInputFiles(notes);
        page.getByLabel("Start a new branch from it").check();
        page.getByLabel("New branch name").fill("drafts");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Commit changes")).click();
        page.waitForURL(Pattern.compile(".*/ann/cards\\?committed=[0-9a-f]{40}"));
        assertThat(new String(server.getBytes("/ann/cards/resolve/drafts/notes.md", null))).isEqualTo("# Notes for the branch\n");
        assertThat(server.get("/ann/cards/resolve/main/notes.md", null).statusCode()).as("main is untouched").isEqualTo(404);
        browser.assertOnlyServerRequests();
    }

    @Test
    void editTheCardWithAPreviewAndCommitIt() {
        Page page = signIn("/ann/cards/edit/main/README.md", 1280);
        page.getByLabel("Content").fill("# Edited in the browser\n\nWith <script>alert(1)</script> a **new** line.\n");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview")).click();
        assertThat(page.locator("#edit-preview h1")).hasText("Edited in the browser");
        assertThat(page.locator("#edit-preview strong")).hasText("new");
        assertThat(page.locator("#edit-preview script")).hasCount(0);
        browser.assertAccessible(page);
        browser.screenshot(page, "edit-1280");
        page.getByLabel("Commit message").fill("Edit the card in the browser");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Commit changes")).click();
        assertThat(page).hasURL(server.url() + "/ann/cards");
        assertThat(page.locator("article h1")).hasText("Edited in the browser");
        JsonNode commits = ServerContract.json(server.get("/api/models/ann/cards/commits/main", annToken));
        assertThat(commits.path(0).path("title").asText()).isEqualTo("Edit the card in the browser");
        browser.assertOnlyServerRequests();
    }

    @Test
    void deleteAFileWithACommit() {
        server.send("POST", "/api/models/ann/cards/commit/main", annToken,
                "{\"key\":\"header\",\"value\":{\"summary\":\"add\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"old.txt\",\"content\":\"old\"}}");
        Page page = signIn("/ann/cards/delete/main", 375);
        page.getByLabel("Delete old.txt").check();
        page.getByLabel("Commit message").fill("Remove old.txt");
        browser.assertAccessible(page);
        browser.screenshot(page, "delete-375");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete and commit")).click();
        assertThat(page.getByLabel("Delete old.txt")).hasCount(0);
        assertThat(server.get("/ann/cards/resolve/main/old.txt", null).statusCode()).isEqualTo(404);
        browser.assertOnlyServerRequests();
    }
}
