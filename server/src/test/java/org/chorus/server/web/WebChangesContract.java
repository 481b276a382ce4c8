package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes from the browser over HTTP: how the API takes a browser session (cookie and CSRF header together, never
 * the cookie alone), LFS part URLs minted for a session ending with it, and the edit, preview and delete pages with
 * their access checks. The browser scenarios (drag and drop, resume) are in UploadScenariosTest.
 */
abstract class WebChangesContract extends ServerContract {
    private static final String COMMIT = "/api/models/ann/notes/commit/main";
    String annToken;

    @BeforeEach
    void seed() {
        annToken = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "bob");
        WebFixtures.repo(server, annToken, "model", "ann", "notes", false, "# Notes\n");
        WebFixtures.repo(server, annToken, "model", "ann", "secret", true, "# hidden\n");
    }

    private WebClient signedIn(String user) {
        WebClient browser = new WebClient(server.url());
        assertThat(browser.signIn(user, WebFixtures.PASSWORD).statusCode()).isEqualTo(303);
        return browser;
    }

    private static String ndjson(String path, String text) {
        return "{\"key\":\"header\",\"value\":{\"summary\":\"from the page\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"" + path
                + "\",\"content\":\"" + text + "\",\"encoding\":\"utf-8\"}}";
    }

    private int commitCount() {
        return json(server.get("/api/models/ann/notes/commits/main", annToken)).size();
    }

    @Test
    void theApiTakesABrowserSessionOnlyWithItsCsrfHeader() throws Exception {
        WebClient ann = signedIn("ann");
        String csrf = ann.csrf("/ann/notes");
        int before = commitCount();

        assertError(ann.request("POST", COMMIT, Map.of(), ndjson("a.txt", "cookie only")), 401, "access token");
        assertError(ann.request("POST", COMMIT, Map.of("X-CSRF-Token", "x".repeat(43)), ndjson("a.txt", "forged")), 403, "X-CSRF-Token");
        assertThat(commitCount()).as("refused calls commit nothing").isEqualTo(before);

        HttpResponse<String> ok = ann.request("POST", COMMIT, Map.of("X-CSRF-Token", csrf), ndjson("a.txt", "from the page"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(commitCount()).isEqualTo(before + 1);
        assertThat(new String(server.getBytes("/ann/notes/resolve/main/a.txt", null), StandardCharsets.UTF_8)).isEqualTo("from the page");

        // Another user's session with a valid CSRF token is still only that user: no write on ann's repository.
        WebClient bob = signedIn("bob");
        assertThat(bob.request("POST", COMMIT, Map.of("X-CSRF-Token", bob.csrf("/ann/notes")), ndjson("b.txt", "bob")).statusCode()).isEqualTo(403);
    }

    @Test
    void partUrlsMintedForASessionEndWithIt() throws Exception {
        WebClient ann = signedIn("ann");
        String csrf = ann.csrf("/ann/notes");
        byte[] big = new byte[17 << 20]; // over the 16 MiB part size: a multipart upload
        big[5] = 7;
        String oid = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big));
        String batch = "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + big.length + "}]}";
        Map<String, String> lfs = Map.of("X-CSRF-Token", csrf, "Content-Type", "application/vnd.git-lfs+json");
        assertThat(ann.request("POST", "/ann/notes.git/info/lfs/objects/batch", Map.of("Content-Type", "application/vnd.git-lfs+json"), batch).statusCode())
                .as("cookie without CSRF header").isEqualTo(401);
        HttpResponse<String> answer = ann.request("POST", "/ann/notes.git/info/lfs/objects/batch", lfs, batch);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode header = json(answer).path("objects").path(0).path("actions").path("upload").path("header");
        String part1 = header.path("00001").asText();
        assertThat(part1).as("minted for the session").contains("by=session:");

        HttpResponse<String> stored = new WebClient(server.url()).request("PUT", part1, Map.of(), new String(new byte[16 << 20], StandardCharsets.ISO_8859_1));
        assertThat(stored.statusCode()).as("a signed part URL needs no cookie: " + stored.body()).isEqualTo(200);

        assertThat(ann.post("/logout", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        HttpResponse<String> after = new WebClient(server.url()).request("PUT", header.path("00002").asText(), Map.of(),
                new String(new byte[1 << 20], StandardCharsets.ISO_8859_1));
        assertError(after, 401, "session");
    }

    @Test
    void editPreviewAndDeleteFromPages() {
        WebClient anonymous = new WebClient(server.url());
        assertThat(anonymous.get("/ann/notes/upload/main").statusCode()).as("signed out: to the sign-in page").isEqualTo(303);
        WebClient bob = signedIn("bob");
        assertThat(bob.get("/ann/notes/edit/main/README.md").statusCode()).as("read only").isEqualTo(403);
        assertThat(bob.get("/ann/secret/delete/main").statusCode()).as("invisible: the same 404").isEqualTo(404);

        WebClient ann = signedIn("ann");
        HttpResponse<String> upload = ann.get("/ann/notes/upload/main");
        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).contains("id=\"upload-form\"", "data-lfs-batch=\"/ann/notes.git/info/lfs/objects/batch\"", "/assets/upload.");
        HttpResponse<String> edit = ann.get("/ann/notes/edit/main/README.md");
        assertThat(edit.body()).contains("# Notes");
        String csrf = ann.csrf("/ann/notes/edit/main/README.md");

        HttpResponse<String> preview = ann.request("POST", "/ann/notes/preview/main",
                Map.of("X-CSRF-Token", csrf, "Content-Type", "application/x-www-form-urlencoded"),
                "content=" + java.net.URLEncoder.encode("# Fresh\n<script>alert(1)</script><img src=x onerror=alert(1)>", StandardCharsets.UTF_8));
        assertThat(preview.body()).contains("<h1>Fresh</h1>", "<img src=\"/ann/notes/resolve/main/x\" alt=\"\">").doesNotContain("<script", "onerror");

        int before = commitCount();
        assertThat(ann.post("/ann/notes/edit/main/README.md", Map.of("content", "# Forged\n")).statusCode()).as("no CSRF").isEqualTo(403);
        assertThat(commitCount()).isEqualTo(before);
        String parent = json(server.get("/api/models/ann/notes/commits/main", annToken)).path(0).path("id").asText();
        HttpResponse<String> committed = ann.post("/ann/notes/edit/main/README.md",
                Map.of("_csrf", csrf, "content", "# Edited\n", "summary", "Edit the card", "parent", parent));
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(303);
        assertThat(ann.get("/ann/notes").body()).contains("<h1>Edited</h1>");
        assertThat(json(server.get("/api/models/ann/notes/commits/main", annToken)).path(0).path("title").asText()).isEqualTo("Edit the card");
        assertThat(server.send("POST", COMMIT, annToken, "{\"key\":\"header\",\"value\":{\"summary\":\"binary\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"data.bin\",\"content\":\"AAEC\",\"encoding\":\"base64\"}}").statusCode()).isEqualTo(200);
        int beforeRefusals = commitCount();
        HttpResponse<String> overBinary = ann.post("/ann/notes/edit/main/data.bin", Map.of("_csrf", csrf, "content", "text"));
        HttpResponse<String> withoutContent = ann.post("/ann/notes/edit/main/README.md", Map.of("_csrf", csrf));
        assertThat(overBinary.statusCode()).as("what the form will not open it must not overwrite").isEqualTo(400);
        assertThat(overBinary.body()).contains("data.bin is not text");
        assertThat(withoutContent.statusCode()).as("no content field: not an emptied file").isEqualTo(400);
        assertThat(commitCount()).isEqualTo(beforeRefusals);
        HttpResponse<String> stale = ann.post("/ann/notes/edit/main/README.md", Map.of("_csrf", csrf, "content", "# Late\n", "parent", parent));
        assertThat(stale.statusCode()).as("an edit over a newer commit").isEqualTo(409);
        assertThat(stale.body()).contains("# Late");

        assertThat(ann.get("/ann/notes/delete/main").body()).contains("value=\"README.md\"");
        HttpResponse<String> deleted = ann.post("/ann/notes/delete/main", Map.of("_csrf", csrf, "path", "README.md", "summary", "Remove the card"));
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(303);
        assertThat(server.get("/ann/notes/resolve/main/README.md", null).statusCode()).isEqualTo(404);
    }
}
