package org.chorus.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository pages beyond the card over HTTP: files and versions (tree, blob, safetensors, tables, images, LFS),
 * history (commits, one commit's diff), branches and tags, settings (visibility, rename, delete; who may see them),
 * the HTML 404 for other URLs under a repository, and hostile file names and commit messages. One server per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RepoPagesContract {
    static final String HOSTILE_NAME = "x' onmouseover='alert(1)' &amp; #top %2e%2e;javascript.txt";
    static final String HOSTILE_MESSAGE = "<script>document.title='pwned'</script><img src=x onerror=alert(2)>";
    @TempDir
    static Path dir;
    ServerFixture server;
    String ann;
    String firstCommit;
    String largeCommit;
    String hostileCommit;

    abstract ServerFixture start(Path dataDir);

    @BeforeAll
    void startServer() {
        server = start(dir.resolve("server"));
        ann = WebFixtures.user(server, "ann");
        WebFixtures.user(server, "eve");
        String carl = WebFixtures.user(server, "carl");
        WebFixtures.repo(server, ann, "model", "ann", "bert", false, "# Bert\n");
        firstCommit = RepoFixtures.commit(server, ann, "model", "ann/bert", "Add code and data", Map.of(
                "src/train.py", String.join("\n", RepoFixtures.lines(30, "line ")).getBytes(StandardCharsets.UTF_8),
                "data/rows.csv", "name,score\nalpha,1\n<b>beta</b>,2\n".getBytes(StandardCharsets.UTF_8),
                "model.safetensors", RepoFixtures.safetensors(),
                "logo.png", RepoFixtures.png(),
                "blob.bin", new byte[] {0, 1, 2, 3}));
        RepoFixtures.commit(server, ann, "model", "ann/bert", "Change line 15", Map.of(
                "src/train.py", String.join("\n", RepoFixtures.lines(30, "line ")).replace("line 15\n", "line fifteen\n").getBytes(StandardCharsets.UTF_8)));
        largeCommit = RepoFixtures.commitLarge(server, ann, "model", "ann/bert", "Add weights", "weights.bin",
                "large bytes ".repeat(2000).getBytes(StandardCharsets.UTF_8));
        hostileCommit = RepoFixtures.commit(server, ann, "model", "ann/bert", HOSTILE_MESSAGE,
                Map.of(HOSTILE_NAME, "hostile\n".getBytes(StandardCharsets.UTF_8)));
        WebFixtures.repo(server, ann, "model", "ann", "secret", true, "# hidden plans\n");
        WebFixtures.repo(server, ann, "dataset", "ann", "reviews", false, "# Reviews\n");
        assertThat(server.send("POST", "/api/chorus/orgs", ann, "{\"name\":\"lab\"}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/chorus/orgs/lab/members/carl", ann, "{\"role\":\"write\"}").statusCode()).isEqualTo(200);
        assertThat(carl).isNotEmpty();
        HttpResponse<String> r = server.send("POST", "/api/repos/create", ann, "{\"name\":\"shared\",\"organization\":\"lab\",\"private\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
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

    WebClient signedIn(String user) {
        WebClient b = browser();
        assertThat(b.signIn(user, WebFixtures.PASSWORD).statusCode()).isEqualTo(303);
        return b;
    }

    @Test
    void theTreeListsDirectoriesFirstWithSizesBadgesAndDownloads() {
        HttpResponse<String> root = browser().get("/ann/bert/tree/main");
        assertThat(root.statusCode()).isEqualTo(200);
        String body = root.body();
        assertThat(body.indexOf(">data<")).isLessThan(body.indexOf(">README.md<"));
        assertThat(body).contains("href=\"/ann/bert/tree/main/src\"").contains("href=\"/ann/bert/blob/main/model.safetensors\"")
                .contains("href=\"/ann/bert/resolve/main/logo.png?download=true\"").contains(">Xet<").contains("24 kB")
                .contains("hx-get=\"/ann/bert/tree/main?commits=1\"").contains("aria-current=\"page\"");
        HttpResponse<String> rows = browser().get("/ann/bert/tree/main?commits=1");
        assertThat(rows.body()).startsWith("<tbody").contains("Add weights").contains("href=\"/ann/bert/commit/" + largeCommit + "\"")
                .doesNotContain("<html");
        String src = browser().get("/ann/bert/tree/main/src").body();
        assertThat(src).contains("href=\"/ann/bert/blob/main/src/train.py\"").contains("href=\"/ann/bert/tree/main/src\" aria-current=\"page\"");
        assertThat(browser().get("/ann/bert/tree/" + firstCommit + "/src").body()).as("a commit id is a revision").contains("train.py");
        assertThat(browser().get("/ann/bert/tree/main/src/train.py").statusCode()).as("a file's tree URL goes to its page").isEqualTo(302);
        assertThat(browser().get("/ann/bert/tree/main/nothing").statusCode()).isEqualTo(404);
        assertThat(browser().get("/ann/bert/tree/no-such-branch").statusCode()).isEqualTo(404);
        assertThat(browser().get("/datasets/ann/reviews/tree/main").body()).contains("README.md");
    }

    @Test
    void aTextFileHasNumberedLinesAndRawAndDownloadLinks() {
        String body = browser().get("/ann/bert/blob/main/src/train.py").body();
        assertThat(body).contains("id=\"L30\"").contains("<code>line 30</code>").contains("<code>line fifteen</code>")
                .contains("href=\"/ann/bert/raw/main/src/train.py\"").contains("href=\"/ann/bert/resolve/main/src/train.py?download=true\"");
        assertThat(browser().get("/ann/bert/blob/main/blob.bin").body()).contains("binary");
        assertThat(browser().get("/ann/bert/blob/main/logo.png").body()).contains("<img src=\"/ann/bert/raw/main/logo.png\"");
        assertThat(browser().get("/ann/bert/blob/main/weights.bin").body()).contains(">Xet<")
                .contains(RepoFixtures.sha256("large bytes ".repeat(2000).getBytes(StandardCharsets.UTF_8)));
        assertThat(browser().get("/ann/bert/blob/main/src").statusCode()).as("a directory's blob URL goes to the tree").isEqualTo(302);
        assertThat(browser().get("/ann/bert/blob/main/missing.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void safetensorsShowsItsHeaderAndTablesTheirFirstRows() {
        String st = browser().get("/ann/bert/blob/main/model.safetensors").body();
        assertThat(st).contains("embed.weight").contains("[4, 3]").contains("F16").contains(">15<").contains("format");
        String csv = browser().get("/ann/bert/blob/main/data/rows.csv").body();
        assertThat(csv).contains("<th scope=\"col\">score</th>").contains("&lt;b&gt;beta&lt;/b&gt;").doesNotContain("<b>beta");
    }

    @Test
    void otherUrlsUnderARepositoryAnswerTheHtml404AndTheHubKeepsItsOwn() {
        for (String path : new String[] {"/ann/x/tree/main", "/ann/bert/nothing/here", "/datasets/ann/reviews/wiki", "/ann/secret/tree/main",
                "/ann/secret/settings", "/ann/secret/commits/main"}) {
            HttpResponse<String> r = browser().get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
            assertThat(r.body()).as(path).contains("Page not found").doesNotContain("hidden plans");
        }
        assertThat(server.get("/ann/bert/resolve/main/src/train.py", null).body()).startsWith("line 1\n");
        HttpResponse<String> missingFile = server.get("/ann/bert/resolve/main/nope.txt", null);
        assertThat(missingFile.statusCode()).isEqualTo(404);
        assertThat(missingFile.headers().firstValue("X-Error-Code")).hasValue("EntryNotFound");
        assertThat(server.get("/ann/bert/info/refs?service=git-upload-pack", null).body()).contains("refs/heads/main");
        assertThat(server.get("/api/models/ann/bert/tree/main", null).body()).contains("\"path\":\"src\"");
        HttpResponse<String> api = browser().get("/api/models/ann/bert/nothing");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void historyPagesAndACommitsDiff() {
        String list = browser().get("/ann/bert/commits/main").body();
        assertThat(list).contains("Change line 15").contains("Add weights").contains("href=\"/ann/bert/commit/" + largeCommit + "\"");
        String diff = browser().get("/ann/bert/commit/" + browser().get("/api/models/ann/bert/commits/main").body()
                .replaceAll("(?s).*?\"id\":\"([0-9a-f]{40})\",\"title\":\"Change line 15\".*", "$1")).body();
        assertThat(diff).contains("src/train.py").contains("<span class=\"sign\" aria-hidden=\"true\">-</span>line 15")
                .contains("<span class=\"sign\" aria-hidden=\"true\">+</span>line fifteen").contains(">15<").contains("+1").contains("−1");
        String large = browser().get("/ann/bert/commit/" + largeCommit).body();
        assertThat(large).contains("weights.bin").contains("large file").contains("none → 24 kB")
                .contains(RepoFixtures.sha256("large bytes ".repeat(2000).getBytes(StandardCharsets.UTF_8)));
        assertThat(browser().get("/ann/bert/commit/" + "0".repeat(40)).statusCode()).isEqualTo(404);
        assertThat(browser().get("/ann/bert/commits/main?p=1").body()).contains("page 2 of 1").doesNotContain("Change line 15");
        String refs = browser().get("/ann/bert/refs").body();
        assertThat(refs).contains("href=\"/ann/bert/tree/main\"").contains("No tags yet");
    }

    @Test
    void hostileFileNamesAndCommitMessagesStayInert() {
        for (String path : new String[] {"/ann/bert/tree/main", "/ann/bert/tree/main?commits=1", "/ann/bert/commits/main",
                "/ann/bert/commit/" + hostileCommit}) {
            String body = browser().get(path).body();
            assertThat(body).as(path).doesNotContain("<script>document").doesNotContain("<img src=x");
            org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(body);
            assertThat(doc.select("[onmouseover], [onerror], img, iframe")).as(path).isEmpty();
            assertThat(doc.select("script").stream().map(e -> e.attr("src")).toList()).as(path).allMatch(src -> src.startsWith("/assets/"));
            assertThat(doc.select("a[href]").stream().map(e -> e.attr("href")).toList()).as(path)
                    .allMatch(href -> href.startsWith("/") || href.startsWith("#"));
        }
        String tree = browser().get("/ann/bert/tree/main").body();
        assertThat(tree).contains("href=\"/ann/bert/blob/main/x%27%20onmouseover%3D%27alert%281%29%27%20%26amp%3B%20%23top%20%252e%252e%3Bjavascript.txt\"");
        String encoded = "/ann/bert/blob/main/x%27%20onmouseover%3D%27alert%281%29%27%20%26amp%3B%20%23top%20%252e%252e%3Bjavascript.txt";
        HttpResponse<String> file = browser().get(encoded);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).contains("<code>hostile</code>");
        assertThat(org.jsoup.Jsoup.parse(file.body()).select("[onmouseover]")).isEmpty();
        assertThat(browser().get("/ann/bert/commit/" + hostileCommit).body()).contains("&lt;script&gt;document.title=");
    }

    @Test
    void writersFindUploadDeleteAndEditOnABranchAndNobodyElseDoes() {
        WebClient owner = signedIn("ann");
        assertThat(owner.get("/ann/bert/tree/main").body()).contains("href=\"/ann/bert/upload/main\"").contains("href=\"/ann/bert/delete/main\"");
        assertThat(owner.get("/ann/bert/blob/main/src/train.py").body()).contains("href=\"/ann/bert/edit/main/src/train.py\"");
        assertThat(owner.get("/ann/bert/blob/main/weights.bin").body()).as("a large file is not edited in the browser").doesNotContain("/edit/");
        assertThat(owner.get("/ann/bert/tree/" + firstCommit).body()).as("a commit is no branch to commit to").doesNotContain("/upload/");
        for (WebClient other : List.of(browser(), signedIn("eve"))) {
            assertThat(other.get("/ann/bert/tree/main").body()).doesNotContain("/upload/").doesNotContain("/delete/");
            assertThat(other.get("/ann/bert/blob/main/src/train.py").body()).doesNotContain("/edit/");
        }
    }

    @Test
    void settingsAreForWritersAndChangesNeedAdminAndTheCsrfToken() {
        assertThat(browser().get("/ann/bert/settings").statusCode()).as("anonymous: sign in first").isEqualTo(303);
        WebClient eve = signedIn("eve");
        HttpResponse<String> reader = eve.get("/ann/bert/settings");
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(reader.body()).contains("Not allowed");
        assertThat(eve.get("/ann/secret/settings").statusCode()).isEqualTo(404);
        assertThat(eve.post("/ann/bert/settings/visibility", Map.of("_csrf", eve.csrf("/"), "visibility", "private")).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/models/ann/bert", null).statusCode()).as("still public").isEqualTo(200);

        WebClient carl = signedIn("carl");
        String writerPage = carl.get("/lab/shared/settings").body();
        assertThat(writerPage).contains("Only admins").contains("<fieldset disabled>");
        assertThat(carl.post("/lab/shared/settings/delete", Map.of("_csrf", carl.csrf("/"), "confirm", "lab/shared")).statusCode()).isEqualTo(403);

        WebClient owner = signedIn("ann");
        assertThat(owner.get("/ann/bert/tree/main").body()).contains("href=\"/ann/bert/settings\"");
        assertThat(owner.get("/ann/bert/settings").body()).doesNotContain("<fieldset disabled>").contains("Change visibility");
        assertThat(owner.post("/lab/shared/settings/visibility", Map.of("visibility", "public")).statusCode()).as("no CSRF token").isEqualTo(403);
        String csrf = owner.csrf("/lab/shared/settings");
        HttpResponse<String> made = owner.post("/lab/shared/settings/visibility", Map.of("_csrf", csrf, "visibility", "public"));
        assertThat(made.statusCode()).isEqualTo(303);
        assertThat(made.headers().firstValue("Location")).hasValue("/lab/shared/settings?done=visibility");
        assertThat(server.get("/api/models/lab/shared", null).statusCode()).as("public now").isEqualTo(200);

        HttpResponse<String> moved = owner.post("/lab/shared/settings/move", Map.of("_csrf", csrf, "new_name", "lab/renamed"));
        assertThat(moved.statusCode()).isEqualTo(303);
        assertThat(moved.headers().firstValue("Location")).hasValue("/lab/renamed/settings?done=moved");
        assertThat(owner.get("/lab/renamed/settings?done=moved").body()).contains("Renamed to lab/renamed");
        HttpResponse<String> oldName = owner.get("/lab/shared/tree/main");
        assertThat(oldName.statusCode()).as("the old name redirects its readers").isEqualTo(301);
        assertThat(oldName.headers().firstValue("Location")).hasValue("/lab/renamed/tree/main");

        HttpResponse<String> wrongName = owner.post("/lab/renamed/settings/delete", Map.of("_csrf", csrf, "confirm", "lab/other"));
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(wrongName.body()).contains("type the repository");
        assertThat(owner.get("/lab/renamed").statusCode()).isEqualTo(200);
        HttpResponse<String> deleted = owner.post("/lab/renamed/settings/delete", Map.of("_csrf", csrf, "confirm", "lab/renamed"));
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(server.get("/api/models/lab/renamed", null).statusCode()).isEqualTo(404);
    }

    @Test
    void settingsListTheLargeFilesAndAdminsRemoveThemForGood() {
        WebFixtures.repo(server, ann, "model", "ann", "store", false, "# Store\n");
        byte[] weights = "checkpoint bytes ".repeat(3000).getBytes(StandardCharsets.UTF_8);
        String oid = RepoFixtures.sha256(weights);
        RepoFixtures.commitLarge(server, ann, "model", "ann/store", "Add checkpoint", "ckpt/w.bin", weights);
        WebClient owner = signedIn("ann");
        String page = owner.get("/ann/store/settings").body();
        assertThat(page).contains("Large files").contains("ckpt/w.bin").contains(oid.substring(0, 12)).contains("51 kB")
                .contains("Remove selected files");

        WebClient eve = signedIn("eve");
        assertThat(eve.post("/ann/store/settings/lfs-files", Map.of("_csrf", eve.csrf("/"), "sha", oid, "confirm", "yes")).statusCode())
                .as("a reader").isEqualTo(403);
        String csrf = owner.csrf("/ann/store/settings");
        HttpResponse<String> unconfirmed = owner.post("/ann/store/settings/lfs-files", Map.of("_csrf", csrf, "sha", oid));
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("tick the box");
        assertThat(server.getBytes("/ann/store/resolve/main/ckpt/w.bin", null)).isEqualTo(weights);

        HttpResponse<String> removed = owner.post("/ann/store/settings/lfs-files", Map.of("_csrf", csrf, "sha", oid, "confirm", "yes"));
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(removed.headers().firstValue("Location")).hasValue("/ann/store/settings?done=storage#storage");
        assertThat(owner.get("/ann/store/settings?done=storage").body()).contains("Large files removed").contains("holds no large files");
        assertThat(new String(server.getBytes("/ann/store/resolve/main/ckpt/w.bin", null), StandardCharsets.UTF_8))
                .startsWith("version https://git-lfs.github.com/spec/v1").contains(oid);
    }
}
