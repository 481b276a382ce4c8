package org.chorus.server.hf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.chorus.server.S3Buckets;
import org.chorus.server.ServerFixture;
import org.chorus.core.db.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL and S3 a node's data directory holds no durable byte: a repository pushed and committed to (past a
 * pack compaction) through one node clones whole from a fresh node after the first one's data directory is deleted,
 * and a multipart LFS upload whose first part went to the dead node completes on the fresh one.
 */
class NodeDataIsCacheTest {
    @RegisterExtension
    static final S3Buckets S3 = new S3Buckets();

    @TempDir
    Path dir;

    @Test
    void gitHistorySurvivesTheLossOfTheNodeThatWroteIt() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "needs git");
        String database = TestDatabases.freshPostgresUrl();
        String bucket = S3.fresh("git-packs");
        Path first = dir.resolve("node-a");
        String alice;
        byte[] big = new byte[17 << 20]; // over the 16 MiB part size: two parts
        new java.util.Random(7).nextBytes(big);
        String oid = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(big));
        com.fasterxml.jackson.databind.JsonNode upload;
        String urlOfA;
        try (ServerFixture a = ServerFixture.start(first, database, s -> s.storage(bucket))) {
            alice = HubFixtures.user(a, "alice", "write");
            assertThat(a.send("POST", "/api/repos/create", alice, "{\"name\":\"m\",\"organization\":\"alice\"}").statusCode()).isEqualTo(200);
            for (int i = 0; i < 10; i++) { // more commits than DfsGitStore.MAX_PACKS: the packs get compacted on S3
                String body = "{\"key\":\"header\",\"value\":{\"summary\":\"step " + i + "\"}}\n"
                        + "{\"key\":\"file\",\"value\":{\"path\":\"step-" + i + ".txt\",\"content\":\"" + i + "\",\"encoding\":\"utf-8\"}}\n";
                assertThat(a.send("POST", "/api/models/alice/m/commit/main", alice, body).statusCode()).isEqualTo(200);
            }
            Path work = dir.resolve("work");
            assertThat(git(dir, "clone", remote(a, alice), work.toString()).exitCode()).isZero();
            Files.writeString(work.resolve("pushed.txt"), "by git\n");
            assertThat(git(work, "add", "pushed.txt").exitCode()).isZero();
            assertThat(git(work, "commit", "-m", "pushed").exitCode()).isZero();
            HubFixtures.Result push = git(work, "push", "origin", "main");
            assertThat(push.exitCode()).as(push.output()).isZero();

            String batch = "{\"operation\":\"upload\",\"transfers\":[\"multipart\"],\"objects\":[{\"oid\":\"" + oid + "\",\"size\":" + big.length + "}]}";
            upload = HubFixtures.json(a.send("POST", "/alice/m.git/info/lfs/objects/batch", alice, batch)).path("objects").get(0).path("actions").path("upload");
            urlOfA = a.url();
            assertThat(put(upload.path("header").path("00001").asText(), java.util.Arrays.copyOf(big, 16 << 20))).isEqualTo(200);
        }
        assertThat(packFiles(first)).as("no pack was kept on the node").isEmpty();
        deleteTree(first);

        try (ServerFixture b = ServerFixture.start(dir.resolve("node-b"), database, s -> s.storage(bucket))) {
            Path clone = dir.resolve("clone");
            HubFixtures.Result cloned = git(dir, "clone", remote(b, alice), clone.toString());
            assertThat(cloned.exitCode()).as(cloned.output()).isZero();
            assertThat(clone.resolve("pushed.txt")).hasContent("by git");
            assertThat(clone.resolve("step-0.txt")).hasContent("0");
            assertThat(clone.resolve("step-9.txt")).hasContent("9");
            assertThat(git(clone, "rev-list", "--count", "HEAD").output().strip()).isEqualTo("12"); // creation + 10 + push

            String part2 = upload.path("header").path("00002").asText().replace(urlOfA, b.url());
            assertThat(put(part2, java.util.Arrays.copyOfRange(big, 16 << 20, big.length))).isEqualTo(200);
            var completed = ServerFixture.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(upload.path("href").asText().replace(urlOfA, b.url())))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
            String commit = "{\"key\":\"header\",\"value\":{\"summary\":\"big\"}}\n{\"key\":\"lfsFile\",\"value\":{\"path\":\"big.bin\",\"algo\":\"sha256\",\"oid\":\""
                    + oid + "\",\"size\":" + big.length + "}}";
            assertThat(b.send("POST", "/api/models/alice/m/commit/main", alice, commit).statusCode()).isEqualTo(200);
            assertThat(b.getBytes("/alice/m/resolve/main/big.bin", alice)).isEqualTo(big);
        }
    }

    private static int put(String url, byte[] body) {
        return ServerFixture.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String remote(ServerFixture server, String token) {
        return server.url().replace("http://", "http://alice:" + token + "@") + "/alice/m";
    }

    private static HubFixtures.Result git(Path cwd, String... args) {
        String[] command = new String[args.length + 5];
        System.arraycopy(new String[] {"git", "-c", "user.name=T", "-c", "user.email=t@example.com"}, 0, command, 0, 5);
        System.arraycopy(args, 0, command, 5, args.length);
        return HubFixtures.run(cwd, Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1"), 60, command);
    }

    private static java.util.List<Path> packFiles(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pack")).toList();
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
