package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.server.ServerContract;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Names that would hurt a client (a {@code .git} look-alike that macOS or Windows checks out as {@code .git}, an
 * over-long component, invisible or bidi characters, a decomposed twin of an existing name, refs git reads as
 * something else) are refused on every route that creates them: NDJSON commits ({@code file} and {@code lfsFile}),
 * preupload, the branch and tag API, and git push.
 */
abstract class ClientSafeNamesContract extends ServerContract {
    @Override
    protected Path dataDir() {
        return dir.resolve("server");
    }

    /** Each bad path with the part of the message that says why. */
    static final Map<String, String> BAD_PATHS = new LinkedHashMap<>();

    static {
        BAD_PATHS.put(".git\u200c/config", "U+200C");
        BAD_PATHS.put(".git\ufeff/config", "U+FEFF");
        BAD_PATHS.put(".git::$INDEX_ALLOCATION/config", "char ':' not allowed in Windows filename");
        BAD_PATHS.put(".git /config", "invalid name '.git '");
        BAD_PATHS.put("GIT~1/config", "invalid name 'GIT~1'");
        BAD_PATHS.put("aux.json", "invalid name 'AUX'");
        BAD_PATHS.put("dir/" + "x".repeat(300), "component of 300 bytes");
        BAD_PATHS.put("invoice\u202Etxt.exe", "U+202E");
        BAD_PATHS.put("cafe\u0301.txt", "NFC");
    }

    String alice;
    String head;

    @BeforeEach
    void setUp() {
        alice = HubFixtures.user(server, "alice", "write");
        assertThat(server.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> first = commit(file("caf\u00e9.txt", "composed"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        head = mainSha();
    }

    static String file(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":" + HubApiContract.quote(path) + ",\"content\":" + HubApiContract.quote(content) + "}}";
    }

    HttpResponse<String> commit(String... lines) {
        return server.send("POST", "/api/models/alice/m/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"s\"}}\n" + String.join("\n", lines));
    }

    String mainSha() {
        return HubFixtures.json(server.get("/api/models/alice/m", null)).path("sha").asText();
    }

    static void assertRefused(HttpResponse<String> r, String why) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(HubFixtures.json(r).path("error").asText()).contains(why);
    }

    @Test
    void badPathsAreRefusedByCommitsAndPreuploadAndChangeNothing() {
        String oid = "a".repeat(64);
        BAD_PATHS.forEach((path, why) -> {
            assertRefused(commit(file(path, "x")), why);
            assertRefused(commit("{\"key\":\"lfsFile\",\"value\":{\"path\":" + HubApiContract.quote(path)
                    + ",\"algo\":\"sha256\",\"oid\":\"" + oid + "\",\"size\":1}}"), why);
            assertRefused(server.send("POST", "/api/models/alice/m/preupload/main", alice,
                    "{\"files\":[{\"path\":" + HubApiContract.quote(path) + ",\"size\":1,\"sample\":\"eA==\"}]}"), why);
        });

        assertThat(mainSha()).isEqualTo(head);
        assertThat(HubFixtures.json(server.get("/api/models/alice/m/tree/main", null)).findValuesAsText("path"))
                .containsExactlyInAnyOrder(".gitattributes", "caf\u00e9.txt");
    }

    @Test
    void refNamesGitWouldMisreadAreRefusedByTheApi() {
        Map<String, String> bad = Map.of("-x", "starts with '-'", "@", "reserves", "HEAD", "reserves", "con", "invalid name 'CON'",
                "a\u202Eb", "U+202E", "\u00e9".repeat(130), "at most 255");
        bad.forEach((name, why) -> {
            assertRefused(server.send("POST", "/api/models/alice/m/branch/" + encode(name), alice, "{}"), why);
            assertRefused(server.send("POST", "/api/models/alice/m/tag/main", alice, "{\"tag\":" + HubApiContract.quote(name) + "}"), why);
        });
        // A full name of the other kind would be stored as refs/heads/refs/tags/v1 (or refs/tags/refs/heads/v1).
        assertRefused(server.send("POST", "/api/models/alice/m/branch/" + encode("refs/tags/v1"), alice, "{}"), "starts with 'refs/'");
        assertRefused(server.send("POST", "/api/models/alice/m/tag/main", alice, "{\"tag\":\"refs/heads/v1\"}"), "starts with 'refs/'");

        assertThat(server.send("POST", "/api/models/alice/m/branch/dev", alice, "{}").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/models/alice/m/tag/main", alice, "{\"tag\":\"v1\"}").statusCode()).isEqualTo(200);
        assertRefused(server.send("POST", "/api/models/alice/m/tag/main", alice, "{\"tag\":\"dev\"}"), "a branch named 'dev' exists");
        assertRefused(server.send("POST", "/api/models/alice/m/branch/v1", alice, "{}"), "a tag named 'v1' exists");
        var refs = HubFixtures.json(server.get("/api/models/alice/m/refs", null));
        assertThat(refs.path("branches").findValuesAsText("name")).containsExactlyInAnyOrder("main", "dev");
        assertThat(refs.path("tags").findValuesAsText("name")).containsExactly("v1");
    }

    @Test
    void gitPushRefusesTheSameNames() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "needs git");
        Git git = new Git(dir.resolve("client"), server.url().replace("http://", "http://alice:" + alice + "@") + "/alice/m");
        git.run("clone", "-q", git.remote, "repo");

        for (Map.Entry<String, String> bad : BAD_PATHS.entrySet()) {
            String commit = git.commitAdding(bad.getKey());
            HubFixtures.Result push = git.push(commit + ":refs/heads/main");
            assertThat(push.exitCode()).as(bad.getKey() + ": " + push.output()).isNotZero();
            // git's own object checks refuse .git look-alikes and a decomposed twin of café.txt while unpacking, in JGit's words.
            assertThat(push.output()).as(bad.getKey()).containsAnyOf(bad.getValue(), "contains ignorable Unicode characters",
                    "duplicate entry names");
        }
        HubFixtures.Result decomposed = git.push(git.commitAdding("re\u0301sume\u0301.txt") + ":refs/heads/main");
        assertThat(decomposed.output()).contains("is not in Unicode normalization form NFC");
        String good = git.commitAdding("fine.txt");
        for (String ref : List.of("refs/heads/HEAD", "refs/heads/-x", "refs/heads/@", "refs/heads/refs/tags/v1", "refs/heads/aux")) {
            HubFixtures.Result push = git.push(good + ":" + ref);
            assertThat(push.exitCode()).as(ref + ": " + push.output()).isNotZero();
            assertThat(push.output()).as(ref).contains("branch name");
        }
        assertThat(git.push(good + ":refs/heads/v2").exitCode()).isZero();
        HubFixtures.Result tag = git.push(good + ":refs/tags/v2");
        assertThat(tag.exitCode()).as(tag.output()).isNotZero();
        assertThat(tag.output()).contains("a branch named 'v2' exists");
        HubFixtures.Result both = git.push(good + ":refs/heads/v3", good + ":refs/tags/v3");
        assertThat(both.output()).contains("a branch named 'v3' exists");

        assertThat(mainSha()).isEqualTo(head);
        assertThat(HubFixtures.json(server.get("/api/models/alice/m/refs", null)).path("branches").findValuesAsText("name"))
                .containsExactlyInAnyOrder("main", "v2", "v3");
        assertThat(git.push(good + ":refs/heads/main").exitCode()).isZero();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A git client in {@code dir}: builds commits with plumbing, so it can write names its porcelain would refuse. */
    record Git(Path dir, String remote) {
        Git {
            try {
                Files.createDirectories(dir.resolve("home"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        HubFixtures.Result run(String... args) {
            String[] command = new String[args.length + 9];
            System.arraycopy(new String[] {"git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "core.protectNTFS=false",
                    "-c", "core.protectHFS=false"}, 0, command, 0, 9);
            System.arraycopy(args, 0, command, 9, args.length);
            Path cwd = Files.isDirectory(dir.resolve("repo")) ? dir.resolve("repo") : dir;
            return HubFixtures.run(cwd, Map.of("HOME", dir.resolve("home").toString(), "GIT_CONFIG_NOSYSTEM", "1",
                    "GIT_TERMINAL_PROMPT", "0"), 60, command);
        }

        private String ok(String... args) {
            HubFixtures.Result r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.output()).isZero();
            return r.output().strip();
        }

        /** A commit on top of origin/main that adds {@code path}, built from the index without checking the name. */
        String commitAdding(String path) {
            ok("read-tree", "origin/main");
            String blob = ok("hash-object", "-w", "--", ".gitattributes");
            ok("update-index", "--add", "--cacheinfo", "100644," + blob + "," + path);
            String tree = ok("write-tree");
            return ok("commit-tree", tree, "-p", "origin/main", "-m", "add a file");
        }

        HubFixtures.Result push(String... refspecs) {
            String[] args = new String[refspecs.length + 3];
            args[0] = "push";
            args[1] = "--porcelain";
            args[2] = "origin";
            System.arraycopy(refspecs, 0, args, 3, refspecs.length);
            return run(args);
        }
    }
}
