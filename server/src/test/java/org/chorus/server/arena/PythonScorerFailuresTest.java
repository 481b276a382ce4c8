package org.chorus.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python reference worker (clients/python/chorus_worker, Debian's python3, standard library only) running an
 * organiser's scorer command: a score is reported per split; a scorer that crashes or hangs past its timeout is an
 * infrastructure failure (the submission stays queued for another attempt and is not counted); exit code 2 blames
 * the submission, whose error then shows the scorer's message.
 */
class PythonScorerFailuresTest {
    @TempDir
    static Path dir;
    static ServerFixture server;
    static CustomCompetitions arena;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir.resolve("server"));
        arena = new CustomCompetitions(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs the worker once (one job) with the scorer {@code script}; returns its log. */
    static String runWorker(String competition, String script, int timeoutSeconds) throws IOException, InterruptedException {
        Path scorer = dir.resolve(competition + ".py");
        Files.writeString(scorer, script);
        Path log = dir.resolve(competition + ".log");
        Process p = PythonWorkers.start(log, server.url(), arena.register(competition, "py"), 60, 5, timeoutSeconds, true,
                List.of("/usr/bin/python3", scorer.toString()));
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the worker did not finish: " + Files.readString(log));
        }
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
        return Files.readString(log);
    }

    static JsonNode job(String competition) {
        return json(server.get(CustomCompetitions.BASE + "/" + competition + "/jobs", arena.host)).get(0);
    }

    @Test
    void aScorerThatPrintsAScoreScoresBothSplits() throws Exception {
        arena.competition("counted", "custom", "exact");
        String submission = arena.submit("counted", arena.alice);

        // the score of a split is its number of rows ÷ 1000: 30 public rows (publicPercent 30) and 70 private
        String log = runWorker("counted", "import sys\nprint((sum(1 for _ in open(sys.argv[2])) - 1) / 1000)\n", 30);

        JsonNode s = arena.mine("counted", arena.host, submission);
        assertThat(s.path("status").asText()).as(log).isEqualTo("scored");
        assertThat(s.path("publicScore").asDouble()).isEqualTo(0.030);
        assertThat(s.path("privateScore").asDouble()).isEqualTo(0.070);
    }

    @Test
    void aCrashIsTheInfrastructuresFaultAndTheSubmissionWaitsForAnotherAttempt() throws Exception {
        arena.competition("crash", "custom", "exact");
        String submission = arena.submit("crash", arena.alice);

        String log = runWorker("crash", "raise RuntimeError('out of memory, say')\n", 30);

        assertThat(arena.mine("crash", arena.alice, submission).path("status").asText()).as(log).isEqualTo("queued");
        JsonNode job = job("crash");
        assertThat(job.path("state").asText()).isEqualTo("queued");
        assertThat(job.path("blame").asText()).isEqualTo("infrastructure");
        assertThat(job.path("error").asText()).contains("exited with 1").contains("out of memory, say");
    }

    @Test
    void aHangIsStoppedAtTheTimeoutAndBlamedOnInfrastructure() throws Exception {
        arena.competition("hang", "custom", "exact");
        String submission = arena.submit("hang", arena.alice);

        String log = runWorker("hang", "import time\ntime.sleep(600)\n", 1);

        assertThat(arena.mine("hang", arena.alice, submission).path("status").asText()).as(log).isEqualTo("queued");
        JsonNode job = job("hang");
        assertThat(job.path("state").asText()).isEqualTo("queued");
        assertThat(job.path("blame").asText()).isEqualTo("infrastructure");
        assertThat(job.path("error").asText()).contains("timed out after 1 s");
    }

    @Test
    void exitCodeTwoBlamesTheSubmissionAndEndsIt() throws Exception {
        arena.competition("refuse", "custom", "exact");
        String submission = arena.submit("refuse", arena.alice);

        String log = runWorker("refuse", "import sys\nprint('column guess must hold colours', file=sys.stderr)\nsys.exit(2)\n", 30);

        JsonNode s = arena.mine("refuse", arena.alice, submission);
        assertThat(s.path("status").asText()).as(log).isEqualTo("failed");
        assertThat(s.path("error").asText()).isEqualTo("column guess must hold colours");
        assertThat(job("refuse").path("blame").asText()).isEqualTo("input");
    }
}
