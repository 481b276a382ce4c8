package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.chorus.server.ServerFixture;
import org.chorus.server.arena.CustomCompetitions;
import org.chorus.server.arena.PythonWorkers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole competition (the host registers its workers with {@code chorus compete worker add}), scored by bring-your-own Python workers with a 0/1 per-row loss (metric custom_loss, ladder
 * mode): two teams, one formed by a merge; submissions through the API and {@code chorus compete submit}; one invalid
 * (refused, not counted); the first scored by a worker that is SIGKILLed mid-job and rescored by a second worker once
 * the lease expires; the ladder holding back an improvement inside the noise; final selection; close; the private
 * leaderboard with its shake-up. The organiser's scorer keeps a copy of the public part it was given, so the test
 * (the organiser here) knows the secret split and can make the ladder's case exact on any split.
 */
abstract class CliCompetitionContract {
    static final String NAME = "finale";
    static final int ROWS = CustomCompetitions.ROWS;

    @TempDir
    Path dir;
    ServerFixture server;
    CustomCompetitions arena;
    final List<Process> workers = new ArrayList<>();

    /** The server's database; null means SQLite in its data directory. */
    abstract String database();

    @BeforeEach
    void start() {
        server = ServerFixture.node(dir.resolve("data"), database());
        arena = new CustomCompetitions(server);
    }

    @AfterEach
    void stop() {
        workers.forEach(PythonWorkers::kill);
        server.close();
    }

    /** Truth is i % 7 (CustomCompetitions' solution); a row is right when the guess equals it. */
    static String predictions(IntPredicate right) {
        return "id,guess\n" + IntStream.range(0, ROWS).mapToObj(i -> "r" + i + "," + (right.test(i) ? i % 7 : (i % 7 + 1) % 7))
                .collect(Collectors.joining("\n")) + "\n";
    }

    String submitApi(String token, String csv) {
        var r = arena.csv("POST", CustomCompetitions.BASE + "/" + NAME + "/submissions", token, csv);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).path("id").asText();
    }

    String submitCli(ServerCli cli, String file, String csv, String message) throws Exception {
        Path path = Files.writeString(dir.resolve(file), csv);
        String out = cli.ok("compete", "submit", NAME, path.toString(), "-m", message);
        assertThat(out).startsWith("Submission ").containsAnyOf(": queued, not scored yet", ": scored"); // a worker may be quick
        return out.substring("Submission ".length(), out.indexOf(' ', "Submission ".length()));
    }

    JsonNode submission(String id) {
        return arena.mine(NAME, arena.host, id);
    }

    JsonNode job(String submission) {
        for (JsonNode j : json(server.get(CustomCompetitions.BASE + "/" + NAME + "/jobs", arena.host))) {
            if (j.path("submission").asText().equals(submission)) {
                return j;
            }
        }
        throw new AssertionError("no job for " + submission);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600 && !condition.getAsBoolean(); i++) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    void awaitScored(String... submissions) throws InterruptedException {
        for (String s : submissions) {
            await("submission " + s + " scored", () -> submission(s).path("status").asText().equals("scored"));
        }
    }

    @Test
    void aWholeCompetition() throws Exception {
        arena.competition(NAME, "custom_loss", "ladder"); // alice and bob join, each a team of their own
        String carol = arena.user("carol");
        assertThat(server.send("POST", CustomCompetitions.BASE + "/" + NAME + "/join", carol, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);
        Path seen = Files.createDirectories(dir.resolve("seen"));
        Path hang = Files.writeString(dir.resolve("hang.py"), "import time\ntime.sleep(600)\n");
        Path score = Files.writeString(dir.resolve("score.py"), """
                import os, shutil, sys
                solution, submission = sys.argv[1], sys.argv[2]
                shutil.copy(solution, os.path.join(%s, os.path.basename(solution)))
                truth = [l.split(",")[1] for l in open(solution).read().splitlines()[1:]]
                guess = [l.split(",")[1] for l in open(submission).read().splitlines()[1:]]
                for t, g in zip(truth, guess):
                    print(0 if t == g else 1)
                """.formatted("'" + seen + "'"));

        ServerCli hostCli = new ServerCli(dir.resolve("host"), server, arena.host);
        String w1 = hostCli.ok("compete", "worker", "add", NAME, "w1").strip();
        String w2 = hostCli.ok("compete", "worker", "add", NAME, "w2").strip();
        String listed = hostCli.ok("compete", "worker", "list", NAME);

        // the first submission goes to a worker whose scorer hangs; the worker is killed mid-job
        Process first = PythonWorkers.start(dir.resolve("w1.log"), server.url(), w1, 2, 1, 300, false,
                List.of("/usr/bin/python3", hang.toString()));
        workers.add(first);
        String a1 = submitApi(arena.alice, predictions(i -> i % 2 == 0));
        await("w1 holds the first job and runs its scorer", () -> job(a1).path("state").asText().equals("leased")
                && first.descendants().findAny().isPresent());
        PythonWorkers.kill(first);
        // a second worker gets it once the lease (2 s, no heartbeats from a dead worker) expires
        workers.add(PythonWorkers.start(dir.resolve("w2.log"), server.url(), w2, 2, 1, 60, false,
                List.of("/usr/bin/python3", score.toString())));
        awaitScored(a1);
        JsonNode rescored = job(a1);
        Set<String> publicIds = new HashSet<>();
        Files.readString(seen.resolve("public-solution.csv")).lines().skip(1).forEach(l -> publicIds.add(l.split(",")[0]));
        List<Integer> publicRows = IntStream.range(0, ROWS).filter(i -> publicIds.contains("r" + i)).boxed().toList();

        ServerCli aliceCli = new ServerCli(dir.resolve("alice"), server, arena.alice);
        ServerCli bobCli = new ServerCli(dir.resolve("bob"), server, arena.bob);
        // alice: right on exactly the public rows (public loss 0, private loss 1)
        String a2 = submitCli(aliceCli, "a2.csv", predictions(i -> publicIds.contains("r" + i)), "public rows");
        // carol alone, then merged into bob's team: wrong everywhere
        String c1 = submitApi(carol, predictions(i -> false));
        // bob: right on every private row and on one public row; then two more public rows right and that one wrong
        int p0 = publicRows.get(0);
        int p1 = publicRows.get(1);
        int p2 = publicRows.get(2);
        String b1 = submitCli(bobCli, "b1.csv", predictions(i -> !publicIds.contains("r" + i) || i == p0), "private rows");
        String b2 = submitCli(bobCli, "b2.csv", predictions(i -> !publicIds.contains("r" + i) || i == p1 || i == p2), "two up, one down");
        Path invalid = Files.writeString(dir.resolve("bad.csv"), "id,guess\nr0,1\nr0,2\n");
        int refused = aliceCli.run("compete", "submit", NAME, invalid.toString());
        String refusal = aliceCli.err();
        awaitScored(a2, c1, b1, b2);

        assertThat(server.send("POST", CustomCompetitions.BASE + "/" + NAME + "/invites", arena.bob, "{\"user\":\"carol\"}").statusCode()).isEqualTo(204);
        var merged = server.send("POST", CustomCompetitions.BASE + "/" + NAME + "/teams/bob/accept", carol, "{\"acceptRules\":true}");
        var selectA2 = server.send("PUT", CustomCompetitions.BASE + "/" + NAME + "/submissions/" + a2 + "/selection", arena.alice, "{\"selected\":true}");
        var selectB2 = server.send("PUT", CustomCompetitions.BASE + "/" + NAME + "/submissions/" + b2 + "/selection", carol, "{\"selected\":true}");
        JsonNode publicBoard = json(server.get(CustomCompetitions.BASE + "/" + NAME + "/leaderboard", null)).path("standings");
        var close = server.send("POST", CustomCompetitions.BASE + "/" + NAME + "/close", arena.host, null);
        JsonNode privateBoard = json(server.get(CustomCompetitions.BASE + "/" + NAME + "/leaderboard?split=private", null)).path("standings");
        int mine = json(server.get(CustomCompetitions.BASE + "/" + NAME + "/submissions", arena.alice)).size();

        String removed = hostCli.ok("compete", "worker", "remove", NAME, "w1");
        int w1Claims = arena.call("POST", "/claim?wait=0", w1, null, null).statusCode();

        double p = publicRows.size();
        assertThat(w1).startsWith("chw_");
        assertThat(listed).contains("NAME").contains("w1").contains("w2");
        assertThat(removed).contains("Worker w1 removed");
        assertThat(w1Claims).isEqualTo(401);
        assertThat(rescored.path("attempts").asInt()).isEqualTo(2);
        assertThat(rescored.path("worker").asText()).isEqualTo("worker:w2");
        assertThat(refused).isNotZero();
        assertThat(refusal).contains("id 'r0' also appears on line 2");
        assertThat(mine).isEqualTo(2); // the refused file is not a submission
        assertThat(submission(a2).path("score").asDouble()).isEqualTo(0.0);
        assertThat(submission(b1).path("score").asDouble()).isEqualTo((p - 1) / p);
        assertThat(submission(b2).path("publicScore").asDouble()).isEqualTo((p - 2) / p); // better, but inside the noise:
        assertThat(submission(b2).path("score").asDouble()).isEqualTo((p - 1) / p);      // the ladder shows b1's score
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(selectA2.statusCode()).as(selectA2.body()).isEqualTo(200);
        assertThat(selectB2.statusCode()).as(selectB2.body()).isEqualTo(200);
        assertThat(publicBoard).extracting(s -> s.path("team").asText()).containsExactly("alice", "bob");
        assertThat(publicBoard.get(1).path("members")).extracting(JsonNode::asText).containsExactly("bob", "carol");
        assertThat(publicBoard.get(1).path("score").asDouble()).isEqualTo((p - 1) / p);
        assertThat(close.statusCode()).isEqualTo(200);
        assertThat(privateBoard).extracting(s -> s.path("team").asText()).containsExactly("bob", "alice");
        assertThat(privateBoard.get(0).path("score").asDouble()).isEqualTo(0.0);
        assertThat(privateBoard.get(1).path("score").asDouble()).isEqualTo(1.0);
        assertThat(privateBoard).extracting(s -> s.path("shakeUp").asInt()).containsExactly(1, -1);
    }
}
