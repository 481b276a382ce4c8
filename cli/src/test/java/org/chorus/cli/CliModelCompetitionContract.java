package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.ServerContract.assertError;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorus.client.ScoringWorker;
import org.chorus.server.ServerFixture;
import org.chorus.server.arena.CustomCompetitions;
import org.chorus.server.arena.PythonWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A competition that takes models, end to end: the host's public dataset holds the test inputs ({@code id,x} for
 * r0…r99), the solution is {@code x % 3}. A "model" is a repository holding {@code weights/rule.txt}: a shift k (the
 * prediction is {@code (x + k) % 3}, so k = 0 is all right and k = 1 all wrong) or {@code short} (predictions for ten
 * rows only). Alice's private model is scored by the Java worker, Bob's by the Python worker (submitted with {@code
 * chorus compete submit --model}); a model Bob cannot read is 404 with no job; a worker without the live lease cannot
 * read the model's files; predictions of the wrong shape are refused with the check's message and not counted.
 */
abstract class CliModelCompetitionContract {
    static final String NAME = "models";
    static final String BASE = CustomCompetitions.BASE + "/" + NAME;
    static final int ROWS = CustomCompetitions.ROWS;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ServerFixture server;
    CustomCompetitions arena;
    Process python;

    /** The server's database; null means SQLite in its data directory. */
    abstract String database();

    @BeforeEach
    void start() {
        server = ServerFixture.node(dir.resolve("data"), database());
        arena = new CustomCompetitions(server);
    }

    @AfterEach
    void stop() {
        if (python != null) {
            PythonWorkers.kill(python);
        }
        server.close();
    }

    JsonNode ok(String method, String path, String token, String body) {
        HttpResponse<String> r = server.send(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return json(r);
    }

    /** A repository of {@code type} with one commit holding {@code path}; returns that commit. */
    String repo(String token, String type, String owner, String name, boolean isPrivate, String path, String content) throws Exception {
        ok("POST", "/api/repos/create", token, "{\"name\":\"" + name + "\",\"organization\":\"" + owner + "\",\"type\":\"" + type
                + "\",\"private\":" + isPrivate + "}");
        String ndjson = "{\"key\":\"header\",\"value\":{\"summary\":\"add\"}}\n"
                + "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"content\":" + JSON.writeValueAsString(content) + ",\"encoding\":\"utf-8\"}}\n";
        return ok("POST", "/api/" + type + "s/" + owner + "/" + name + "/commit/main", token, ndjson).path("commitOid").asText();
    }

    HttpResponse<String> submitModel(String token, String body) {
        return server.send("POST", BASE + "/submissions", token, body);
    }

    /** The organisers' model runner, the same in Java and Python: reads the rule, writes id,label for the inputs. */
    static void predict(Path model, Path inputs, Path predictions) throws Exception {
        String rule = Files.readString(model.resolve("weights/rule.txt")).strip();
        List<String[]> rows = Files.readAllLines(inputs).stream().skip(1).map(l -> l.split(",")).toList();
        int k = rule.equals("short") ? 0 : Integer.parseInt(rule);
        List<String[]> used = rule.equals("short") ? rows.subList(0, 10) : rows;
        Files.writeString(predictions, "id,label\n" + used.stream().map(r -> r[0] + "," + (Integer.parseInt(r[1]) + k) % 3)
                .collect(Collectors.joining("\n")) + "\n");
    }

    static final String PYTHON_PREDICT = """
            import os, sys
            model, inputs, out = sys.argv[1:4]
            rule = open(os.path.join(model, "weights", "rule.txt")).read().strip()
            rows = [l.split(",") for l in open(inputs).read().splitlines()[1:]]
            k = 0 if rule == "short" else int(rule)
            if rule == "short":
                rows = rows[:10]
            with open(out, "w") as f:
                f.write("id,label\\n")
                for r in rows:
                    f.write("%s,%d\\n" % (r[0], (int(r[1]) + k) % 3))
            """;

    void await(String what, String submission) throws InterruptedException {
        for (int i = 0; i < 600 && arena.mine(NAME, arena.host, submission).path("status").asText().equals("queued"); i++) {
            Thread.sleep(100);
        }
        assertThat(arena.mine(NAME, arena.host, submission).path("status").asText()).as(what).isNotEqualTo("queued");
    }

    @Test
    void modelsAreRunByWorkersAndTheirPredictionsScoredHere() throws Exception {
        repo(arena.host, "dataset", "hostess", "widgets", false, "data/test.csv",
                "id,x\n" + IntStream.range(0, ROWS).mapToObj(i -> "r" + i + "," + i).collect(Collectors.joining("\n")) + "\n");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
        String phases = "\"phases\":[{\"name\":\"main\",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(86400 * 30) + "\",\"dailyCap\":3}]";
        HttpResponse<String> noInputs = server.send("POST", CustomCompetitions.BASE, arena.host, "{\"name\":\"x\",\"title\":\"X\",\"metric\":\"accuracy\","
                + "\"submissions\":\"model\",\"datasetRepo\":\"hostess/widgets\"," + phases + "}");
        HttpResponse<String> customMetric = server.send("POST", CustomCompetitions.BASE, arena.host, "{\"name\":\"x\",\"title\":\"X\",\"metric\":\"custom\","
                + "\"submissions\":\"model\",\"datasetRepo\":\"hostess/widgets\",\"testInputs\":\"data/test.csv\"," + phases + "}");
        JsonNode created = ok("POST", CustomCompetitions.BASE, arena.host, "{\"name\":\"" + NAME + "\",\"title\":\"Widgets\",\"metric\":\"accuracy\","
                + "\"submissions\":\"model\",\"datasetRepo\":\"hostess/widgets\",\"testInputs\":\"data/test.csv\"," + phases + "}");
        assertThat(arena.csv("PUT", BASE + "/solution", arena.host, "id,label\n" + IntStream.range(0, ROWS).mapToObj(i -> "r" + i + "," + i % 3)
                .collect(Collectors.joining("\n"))).statusCode()).isEqualTo(200);
        for (String token : List.of(arena.alice, arena.bob)) {
            ok("POST", BASE + "/join", token, "{\"acceptRules\":true}");
        }
        String aliceCommit = repo(arena.alice, "model", "alice", "right", true, "weights/rule.txt", "0\n");
        repo(arena.bob, "model", "bob", "wrong", false, "weights/rule.txt", "1\n");
        repo(arena.bob, "model", "bob", "short", false, "weights/rule.txt", "short\n");
        String javaWorker = arena.register(NAME, "java");
        String pythonWorker = arena.register(NAME, "python");

        // Alice submits her private model; Bob cannot submit it (404, as for a missing one), nor a missing revision, nor a file
        JsonNode a1 = json(submitModel(arena.alice, "{\"model\":\"alice/right\",\"message\":\"all right\"}"));
        HttpResponse<String> notHis = submitModel(arena.bob, "{\"model\":\"alice/right\"}");
        HttpResponse<String> missing = submitModel(arena.bob, "{\"model\":\"bob/nothing\"}");
        HttpResponse<String> badRevision = submitModel(arena.bob, "{\"model\":\"bob/wrong\",\"revision\":\"no-such-branch\"}");
        HttpResponse<String> file = arena.csv("POST", BASE + "/submissions", arena.bob, "id,label\nr0,0\n");
        int jobsAfterRefusals = json(server.get(BASE + "/jobs", arena.host)).size();
        int bobsAfterRefusals = json(server.get(BASE + "/submissions", arena.bob)).size();

        // a worker holding no live lease reads nothing of the model
        JsonNode held = arena.claim(pythonWorker, 1);
        String job = held.path("job").asText();
        String lease = held.path("lease").asText();
        HttpResponse<String> listing = arena.call("GET", "/jobs/" + job + "/model", pythonWorker, lease, null);
        HttpResponse<String> weights = arena.call("GET", "/jobs/" + job + "/model/weights/rule.txt", pythonWorker, lease, null);
        HttpResponse<String> files = arena.call("GET", "/jobs/" + job + "/files", pythonWorker, lease, null);
        HttpResponse<String> otherWorker = arena.call("GET", "/jobs/" + job + "/model/weights/rule.txt", javaWorker, "0123", null);
        HttpResponse<String> noLease = arena.call("GET", "/jobs/" + job + "/model", javaWorker, null, null);
        HttpResponse<String> userToken = arena.call("GET", "/jobs/" + job + "/model/weights/rule.txt", arena.alice, lease, null);
        HttpResponse<String> scoresInstead = arena.call("POST", "/jobs/" + job + "/result", pythonWorker, lease, "{\"public\":1,\"private\":1}");
        Thread.sleep(1500); // the 1 s lease expires
        HttpResponse<String> expired = arena.call("GET", "/jobs/" + job + "/model/weights/rule.txt", pythonWorker, lease, null);

        // the Java worker takes the job over and runs Alice's model
        boolean ran = ScoringWorker.forModels(server.url(), javaWorker, CliModelCompetitionContract::predict)
                .with(Duration.ofSeconds(30), Duration.ofSeconds(5)).runOnce();
        JsonNode a1Scored = arena.mine(NAME, arena.host, a1.path("id").asText());

        // Bob submits through the CLI and the API; the Python worker runs both models
        ServerCli bobCli = new ServerCli(dir.resolve("bob"), server, arena.bob);
        String out = bobCli.ok("compete", "submit", NAME, "--model", "bob/wrong@main", "-m", "all wrong");
        String b1 = out.substring("Submission ".length(), out.indexOf(' ', "Submission ".length()));
        String b2 = json(submitModel(arena.bob, "{\"model\":\"bob/short\"}")).path("id").asText();
        Path script = Files.writeString(dir.resolve("predict.py"), PYTHON_PREDICT);
        python = PythonWorkers.start(dir.resolve("python.log"), server.url(), pythonWorker, 30, 1, 60, false,
                List.of("/usr/bin/python3", script.toString()));
        await("bob's first model", b1);
        await("bob's short model", b2);
        // the refused predictions do not count: two more submissions fit the cap of 3, a third does not
        HttpResponse<String> b3 = submitModel(arena.bob, "{\"model\":\"bob/wrong\"}");
        HttpResponse<String> b4 = submitModel(arena.bob, "{\"model\":\"bob/wrong\"}");
        HttpResponse<String> b5 = submitModel(arena.bob, "{\"model\":\"bob/wrong\"}");
        JsonNode board = json(server.get(BASE + "/leaderboard", null)).path("standings");

        assertError(noInputs, 400, "testInputs");
        assertError(customMetric, 400, "built-in metric");
        assertThat(created.path("submissions").asText()).isEqualTo("model");
        assertThat(created.path("testInputs").asText()).isEqualTo("data/test.csv");
        assertThat(a1.path("status").asText()).isEqualTo("queued");
        assertThat(a1.path("model").asText()).isEqualTo("alice/right");
        assertThat(a1.path("modelCommit").asText()).isEqualTo(aliceCommit);
        assertThat(notHis.statusCode()).as(notHis.body()).isEqualTo(404);
        assertThat(notHis.body()).isEqualTo(missing.body().replace("bob/nothing", "alice/right"));
        assertThat(badRevision.statusCode()).as(badRevision.body()).isEqualTo(404);
        assertThat(badRevision.body()).contains("no-such-branch");
        assertError(file, 400, "takes models");
        assertThat(jobsAfterRefusals).isEqualTo(1);
        assertThat(bobsAfterRefusals).isZero();

        assertThat(listing.statusCode()).as(listing.body()).isEqualTo(200);
        assertThat(json(listing).path("files")).extracting(f -> f.path("path").asText()).containsExactlyInAnyOrder(".gitattributes", "weights/rule.txt");
        assertThat(weights.body()).isEqualTo("0\n");
        JsonNode given = json(files);
        assertThat(given.path("mode").asText()).isEqualTo("model");
        assertThat(given.path("model").asText()).isEqualTo("alice/right");
        assertThat(given.path("commit").asText()).isEqualTo(aliceCommit);
        assertThat(given.path("inputsPath").asText()).isEqualTo("data/test.csv");
        assertThat(given.path("inputs").asText()).startsWith("id,x\nr0,0\nr1,1\n");
        assertThat(given.has("parts")).isFalse();
        assertThat(files.body()).doesNotContain("label");
        assertThat(otherWorker.statusCode()).isEqualTo(409);
        assertError(noLease, 400, "X-Chorus-Lease");
        assertThat(userToken.statusCode()).isEqualTo(401);
        assertError(scoresInstead, 409, "predictions");
        assertThat(expired.statusCode()).isEqualTo(409);

        assertThat(ran).isTrue();
        assertThat(a1Scored.path("status").asText()).isEqualTo("scored");
        assertThat(a1Scored.path("publicScore").asDouble()).isEqualTo(1.0);
        assertThat(a1Scored.path("privateScore").asDouble()).isEqualTo(1.0);
        JsonNode wrong = arena.mine(NAME, arena.bob, b1);
        assertThat(wrong.path("status").asText()).isEqualTo("scored");
        assertThat(wrong.path("score").asDouble()).isEqualTo(0.0);
        assertThat(wrong.path("model").asText()).isEqualTo("bob/wrong");
        JsonNode refused = arena.mine(NAME, arena.bob, b2);
        assertThat(refused.path("status").asText()).isEqualTo("failed");
        assertThat(refused.path("error").asText())
                .contains("the model's predictions were refused: the submission has 10 rows; the test set has 100: 90 ids are missing");
        assertThat(b3.statusCode()).as(b3.body()).isEqualTo(201);
        assertThat(b4.statusCode()).as(b4.body()).isEqualTo(201);
        assertError(b5, 429, "daily cap");
        assertThat(board).extracting(s -> s.path("team").asText()).containsExactly("alice", "bob");
    }
}
