package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import org.chorus.client.federated.FederatedClient;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.core.db.TestDatabases;
import org.chorus.federated.tensor.ModelLayout;
import org.chorus.federated.tensor.Safetensors;
import org.chorus.federated.tensor.TensorSpec;
import org.chorus.federated.tensor.Weights;
import org.chorus.server.fl.AddTrainer;
import org.chorus.storage.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.RunStatus;

/**
 * The production layout of docs/operations.md with real parts, all started here: three Chorus nodes (separate JVMs
 * from cli/target/chorus.jar), PostgreSQL (the test server of scripts/lib/postgres.sh), s3proxy, and Debian's nginx
 * running deploy/nginx/chorus.conf. Every client talks to nginx only. Figures: docs/design-notes.md, "Scale-out test".
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(300); // Chromium's first start alone took 150 s at load 24

    @TempDir
    static Path dir;
    private S3TestServer s3;
    private Cluster cluster;
    private String alice;

    @BeforeAll
    void startCluster() throws Exception {
        for (Path tool : List.of(Nginx.BINARY, Path.of("/usr/bin/git"), Path.of("/usr/bin/git-lfs"), Path.of("/usr/bin/node"),
                Path.of("/usr/bin/chromium"), Path.of("/usr/bin/rclone"))) {
            Assumptions.assumeTrue(Files.isExecutable(tool), "needs " + tool + " (scripts/test installs it)");
        }
        assertThat(ChorusNode.JAR).as("the fat jar (mvn package of cli, or ./chorus once)").isRegularFile();
        s3 = S3TestServer.start();
        cluster = new Cluster(dir.resolve("cluster"), TestDatabases.freshPostgresUrl(), s3.freshBucketUrl("scaleout"), 3);
        alice = cluster.user("alice", PASSWORD);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void clientsThroughNginxLoseNothingWhenANodeIsKilledAndTheNodeRejoins() throws Exception {
        cluster.createModel("alice", "scaleout-git", alice);
        long start = System.nanoTime();
        try (HfJsWorkload hf = new HfJsWorkload(dir.resolve("hf"), cluster.url(), alice, "alice");
                GitWorkload git = new GitWorkload(dir.resolve("git"), remote("alice/scaleout-git"));
                MlflowWorkload mlflow = new MlflowWorkload(cluster.url(), alice);
                BrowserWorkload browser = new BrowserWorkload(cluster.url(), "alice", PASSWORD,
                        List.of("/", "/alice/scaleout-git", "/experiments", "/settings/tokens"))) {
            List<Workload> workloads = List.of(git.start(), mlflow.start(), browser.start());
            awaitProgress("before the kill", hf, workloads, 2, 1);

            ChorusNode victim = cluster.nodes.get(1);
            victim.kill();
            long killedAt = System.nanoTime();
            awaitProgress("after the kill", hf, workloads, hf.committed().size() + 2, 1);
            double secondsOnTwoNodes = (System.nanoTime() - killedAt) / 1e9;

            victim.start().awaitHealthy(Duration.ofSeconds(240));
            awaitServedThroughNginx(victim.id);
            awaitProgress("after the rejoin", hf, workloads, hf.committed().size() + 1, 1);

            for (Workload w : workloads) {
                w.stop();
            }
            int hfExit = hf.stop();
            assertThat(hfExit).as(hf.output()).isZero();
            assertThat(hf.output()).contains("HF SCALEOUT OK");

            checkGit(git);
            Map<String, String> hfFiles = hf.committed();
            for (Map.Entry<String, String> file : hfFiles.entrySet()) {
                assertThat(GitWorkload.sha256(cluster.download("alice/scaleout-hf", file.getKey(), alice))).as(file.getKey()).isEqualTo(file.getValue());
            }
            checkRuns(mlflow);
            Processes.Result fsck = cluster.fsck();
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();

            System.out.printf("scale-out: %.1f s of mixed load, %.1f s of it on two nodes; rounds: hf %d files, git %d pushes, mlflow %d runs,"
                            + " browser %d rounds; retries: hf %d, git %d, mlflow %d, browser %d%n%s%n",
                    (System.nanoTime() - start) / 1e9, secondsOnTwoNodes, hfFiles.size(), git.pushedCommits.size(), mlflow.runs.size(),
                    browser.rounds.get(), hf.output().lines().filter(l -> l.startsWith("RETRIED")).count(), git.retried.size(),
                    mlflow.retried.size(), browser.retried.size(), fsck.output().strip());
        }
    }

    /** Every pushed commit is in a fresh clone's history, and every file pushed comes back with its bytes. */
    private void checkGit(GitWorkload git) throws Exception {
        Path clone = dir.resolve("git-check");
        Processes.Result cloned = GitWorkload.git(dir, "clone", remote("alice/scaleout-git"), clone.toString());
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        for (String commit : git.pushedCommits) {
            assertThat(GitWorkload.git(clone, "merge-base", "--is-ancestor", commit, "HEAD").exitCode()).as("pushed commit " + commit).isZero();
        }
        for (Map.Entry<String, String> file : git.files.entrySet()) {
            assertThat(GitWorkload.sha256(cluster.download("alice/scaleout-git", file.getKey(), alice))).as(file.getKey()).isEqualTo(file.getValue());
        }
    }

    /** Every run the client saw end is FINISHED with every metric value it logged. */
    private static void checkRuns(MlflowWorkload mlflow) {
        for (Map.Entry<String, List<Double>> run : mlflow.runs.entrySet()) {
            assertThat(mlflow.client().getRun(run.getKey()).getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
            List<Metric> history = mlflow.client().getMetricHistory(run.getKey(), MlflowWorkload.METRIC);
            for (int step = 0; step < run.getValue().size(); step++) {
                int s = step;
                assertThat(history).as("run " + run.getKey() + " step " + s)
                        .anySatisfy(m -> assertThat(m.getStep() == s && m.getValue() == run.getValue().get(s)).isTrue());
            }
        }
    }

    @Test
    void aDatabaseDumpAndABucketCopyMakeANewClusterServingTheSameReposByteIdentical() throws Exception {
        cluster.createModel("alice", "backup-me", alice);
        try (GitWorkload git = new GitWorkload(dir.resolve("backup-git"), remote("alice/backup-me"))) {
            git.round(0);
        }
        // nginx may ask the node that did not create it: another node's new repository reaches its list at its
        // next change-log batch (docs/discovery.md: within about a second; a bounded wait, not a speed assertion)
        List<String> repos = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> listed = cluster.send("GET", "/api/models?author=alice", alice, null);
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            repos.clear();
            Json.read(listed.body()).forEach(m -> repos.add(m.path("id").asText()));
            if (repos.contains("alice/backup-me") || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(repos).contains("alice/backup-me");

        long start = System.nanoTime();
        String restoredDb = TestDatabases.freshPostgresUrl();
        String restoredBucket = s3.freshBucketUrl("restored");
        Backup.copyDatabase(cluster.database, restoredDb, dir.resolve("chorus.sql"));
        Backup.copyBucket(cluster.storage, restoredBucket);
        double backupSeconds = (System.nanoTime() - start) / 1e9;

        try (Cluster restored = new Cluster(dir.resolve("restored"), restoredDb, restoredBucket, 1)) {
            int files = 0;
            for (String repo : repos) {
                files += assertSameRepo(repo, restored);
            }
            System.out.printf("backup and restore: %d repositories, %d files byte-identical; dump + restore + bucket copy %.1f s%n",
                    repos.size(), files, backupSeconds);
        }
    }

    /** The same head commit in both clusters, and every file of it downloads with the same bytes; returns the file count. */
    private int assertSameRepo(String repo, Cluster restored) {
        String head = head(cluster, repo);
        assertThat(head(restored, repo)).as(repo + " head").isEqualTo(head);
        Path clone = dir.resolve("compare-" + repo.replace('/', '-'));
        Processes.Result cloned = GitWorkload.git(dir, "clone", remote(restored, repo), clone.toString());
        assertThat(cloned.exitCode()).as(cloned.output()).isZero();
        List<String> files = GitWorkload.git(clone, "ls-files").output().lines().toList();
        for (String file : files) {
            assertThat(restored.download(repo, file, alice)).as(repo + "/" + file).isEqualTo(cluster.download(repo, file, alice));
        }
        return files.size();
    }

    private String head(Cluster c, String repo) {
        Processes.Result r = GitWorkload.git(dir, "ls-remote", remote(c, repo), "refs/heads/main");
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().split("\\s")[0];
    }

    @Test
    void aFederatedTaskOfFiveSdkNodesThroughNginxTrainsOnWhenTheNodeRunningItIsKilled() throws Exception {
        ModelLayout layout = ModelLayout.of(List.of(new TensorSpec("w", new long[] {4})));
        byte[] base = Safetensors.write(new Weights(layout, new float[] {0, 1, 2, 3}), Map.of());
        cluster.createModel("alice", "fl-base", alice);
        cluster.createModel("alice", "fl-out", alice);
        HttpResponse<String> committed = cluster.send("POST", "/api/models/alice/fl-base/commit/main", alice,
                "{\"key\":\"header\",\"value\":{\"summary\":\"base\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"model.safetensors\","
                        + "\"encoding\":\"base64\",\"content\":\"" + Base64.getEncoder().encodeToString(base) + "\"}}");
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        HttpResponse<String> federation = cluster.send("POST", "/api/chorus/federations", Cluster.ADMIN_TOKEN, "{\"name\":\"labs\"}");
        assertThat(federation.statusCode()).as(federation.body()).isEqualTo(201);
        String joinToken = Json.read(federation.body()).path("joinToken").asText();
        List<FederatedClient> sdkNodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) { // through nginx's grpc_pass, like every other client
            sdkNodes.add(FederatedClient.builder("127.0.0.1", cluster.nginx.grpcPort).federation("labs", joinToken)
                    .nodeName("lab-" + i).trainer(new AddTrainer(i)).backoff(50, 1000).build().start());
        }
        int rounds = 6;
        HttpResponse<String> started = cluster.send("POST", "/api/chorus/federated/tasks", Cluster.ADMIN_TOKEN,
                "{\"federation\":\"labs\",\"name\":\"scaleout\",\"baseRepo\":\"alice/fl-base\",\"baseRevision\":\"main\","
                        + "\"publishRepo\":\"alice/fl-out\",\"strategy\":\"fedavg\",\"rounds\":" + rounds + ",\"clientsPerRound\":5,"
                        + "\"minClients\":5,\"overSelection\":1.0,\"roundTimeoutMs\":60000,\"maxAttempts\":3,\"evaluateEvery\":0}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String task = Json.read(started.body()).path("id").asText();
        JsonNode view = awaitTask(task, v -> v.path("completedRounds").asInt() >= 1);

        String ownerId = leaseOwner(task);
        ChorusNode owner = cluster.nodes.stream().filter(n -> n.id.equals(ownerId)).findFirst().orElseThrow();
        int roundsBeforeKill = view.path("completedRounds").asInt();
        owner.kill();
        long killedAt = System.nanoTime();
        view = awaitTask(task, v -> !v.path("status").asText().equals("running"));
        double secondsToFinish = (System.nanoTime() - killedAt) / 1e9;
        owner.start().awaitHealthy(Duration.ofSeconds(120));
        sdkNodes.forEach(FederatedClient::close);

        assertThat(view.path("status").asText()).as(view.toString()).isEqualTo("completed");
        List<Integer> done = new ArrayList<>();
        view.path("rounds").forEach(r -> done.add(r.path("round").asInt()));
        assertThat(done).as("each round once, none lost").containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(leaseOwner(task)).as("another node finished the task").isNotEqualTo(owner.id);
        // each round adds the examples-weighted mean of 1..5 (node i adds i on 10·i examples): Σ10i·i / Σ10i = 11/3
        float shift = (float) (rounds * 11.0 / 3.0);
        float[] published = Safetensors.read(cluster.download("alice/fl-out", "model.safetensors", alice)).weights().values();
        assertThat(published).containsExactly(new float[] {shift, 1 + shift, 2 + shift, 3 + shift}, org.assertj.core.data.Offset.offset(1e-4f));
        System.out.printf("federated: %d rounds of 5 SDK nodes through nginx; lease owner %s killed after round %d, %s finished the task %.1f s later%n",
                rounds, owner.id, roundsBeforeKill, leaseOwner(task), secondsToFinish);
    }

    private JsonNode awaitTask(String task, java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        JsonNode view = null;
        while (System.nanoTime() < end) {
            HttpResponse<String> r = cluster.send("GET", "/api/chorus/federated/tasks/" + task, Cluster.ADMIN_TOKEN, null);
            if (r.statusCode() == 200) {
                view = Json.read(r.body());
                if (until.test(view)) {
                    return view;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("task " + task + " did not get there in time: " + view);
    }

    /** The node holding the task's lease, read from PostgreSQL (fl_tasks.lease_owner). */
    private String leaseOwner(String task) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(cluster.database);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                PreparedStatement q = c.prepareStatement("SELECT lease_owner FROM fl_tasks WHERE id = ?")) {
            q.setString(1, task);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("task " + task + " in fl_tasks").isTrue();
                return rs.getString(1);
            }
        }
    }

    private String remote(String repo) {
        return remote(cluster, repo);
    }

    private String remote(Cluster c, String repo) {
        return c.url().replace("http://", "http://alice:" + alice + "@") + "/" + repo;
    }

    /** Waits until the HF client committed {@code hfFiles} files and every workload made {@code rounds} more rounds. */
    private static void awaitProgress(String phase, HfJsWorkload hf, List<Workload> workloads, int hfFiles, int rounds) throws Exception {
        int[] from = workloads.stream().mapToInt(w -> w.rounds.get()).toArray();
        BooleanSupplier done = () -> hf.committed().size() >= hfFiles
                && java.util.stream.IntStream.range(0, from.length).allMatch(i -> workloads.get(i).rounds.get() >= from[i] + rounds);
        long end = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            List<String> failed = workloads.stream().filter(Workload::failed).map(w -> w.name).toList();
            if (System.nanoTime() > end || !failed.isEmpty() || !hf.alive()) {
                for (Workload w : workloads) {
                    w.close();
                    if (w.failed()) {
                        w.stop(); // throws with the workload's failure
                    }
                }
                throw new AssertionError("no progress " + phase + ": hf " + hf.committed().size() + "/" + hfFiles + " files, rounds "
                        + workloads.stream().map(w -> w.name + " " + w.rounds.get()).toList() + "\n" + hf.output());
            }
            Thread.sleep(200);
        }
    }

    /** Waits until a request through nginx is answered by node {@code id} (X-Chorus-Node), after its restart. */
    private void awaitServedThroughNginx(String id) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            HttpResponse<String> r = cluster.send("GET", "/api/whoami-v2", alice, null);
            if (r.statusCode() == 200 && r.headers().firstValue("X-Chorus-Node").orElse("").equals(id)) {
                JsonNode me = Json.read(r.body());
                assertThat(me.path("name").asText()).isEqualTo("alice");
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + id + " never answered through nginx after its restart:\n" + cluster.nginx.errors());
    }
}
