package org.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.chorus.server.ServerFixture;
import org.chorus.server.arena.CustomCompetitions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java SDK's scoring worker against a real server: per-row losses from a scorer reach the submission's scores; a
 * {@link ScoringWorker.SubmissionFault} fails the submission with its message; any other exception leaves the job to
 * be retried, blamed on infrastructure; with nothing to do, a claim comes back empty.
 */
class ScoringWorkerTest {
    @TempDir
    static Path dir;
    static ServerFixture server;
    static CustomCompetitions arena;

    @BeforeAll
    static void start() {
        server = ServerFixture.sqlite(dir);
        arena = new CustomCompetitions(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** 0/1 loss per row: the submission's guess (second column) against the solution's truth (second column). */
    static double[] zeroOne(ScoringWorker.Part part) {
        List<String> truth = part.solutionCsv().lines().skip(1).toList();
        List<String> guess = part.submissionCsv().lines().skip(1).toList();
        double[] losses = new double[part.rows()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = truth.get(i).split(",")[1].equals(guess.get(i).split(",")[1]) ? 0 : 1;
        }
        return losses;
    }

    ScoringWorker worker(String competition, ScoringWorker.Scorer scorer) {
        return ScoringWorker.connect(server.url(), arena.register(competition, "java"), scorer).with(Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

    @Test
    void perRowLossesBecomeTheSubmissionsScores() {
        arena.competition("losses", "custom_loss", "exact");
        String submission = arena.submit("losses", arena.alice);
        ScoringWorker worker = worker("losses", ScoringWorkerTest::zeroOne);

        boolean scored = worker.runOnce();
        boolean more = worker.runOnce();

        JsonNode s = arena.mine("losses", arena.host, submission);
        assertThat(scored).isTrue();
        assertThat(more).isFalse();
        assertThat(s.path("status").asText()).isEqualTo("scored");
        // the split is secret, but the errors over both parts are the rows where i % 5 != i % 7 (truth i % 7, guess i % 5)
        long wrong = IntStream.range(0, CustomCompetitions.ROWS).filter(i -> i % 5 != i % 7).count();
        assertThat(s.path("publicScore").asDouble() * 30 + s.path("privateScore").asDouble() * 70).isCloseTo(wrong, offset(1e-9));
    }

    @Test
    void aSubmissionFaultFailsTheSubmissionWithItsMessage() {
        arena.competition("fault", "custom", "exact");
        String submission = arena.submit("fault", arena.alice);

        worker("fault", part -> {
            throw new ScoringWorker.SubmissionFault("guesses must be colours");
        }).runOnce();

        JsonNode s = arena.mine("fault", arena.alice, submission);
        assertThat(s.path("status").asText()).isEqualTo("failed");
        assertThat(s.path("error").asText()).isEqualTo("guesses must be colours");
    }

    @Test
    void anyOtherExceptionIsTheInfrastructuresFault() {
        arena.competition("broken", "custom", "exact");
        String submission = arena.submit("broken", arena.alice);

        worker("broken", part -> {
            throw new IllegalStateException("disk full");
        }).runOnce();

        assertThat(arena.mine("broken", arena.alice, submission).path("status").asText()).isEqualTo("queued");
        JsonNode job = json(server.get(CustomCompetitions.BASE + "/broken/jobs", arena.host)).get(0);
        assertThat(job.path("state").asText()).isEqualTo("queued");
        assertThat(job.path("blame").asText()).isEqualTo("infrastructure");
        assertThat(job.path("error").asText()).contains("disk full");
    }
}
