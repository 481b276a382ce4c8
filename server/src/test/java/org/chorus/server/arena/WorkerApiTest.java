package org.chorus.server.arena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.chorus.server.ServerContract.assertError;
import static org.chorus.server.ServerContract.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker API over real HTTP: a host registers workers for a custom-metric competition; a worker claims a job,
 * reads its files and reports under its lease. Reports with a wrong or expired lease, for a job already reported, for
 * an unknown job or another competition's job are refused with a 4xx and change nothing; per-row losses drive the
 * Ladder; a failure blamed on infrastructure leaves the submission queued for another attempt.
 */
class WorkerApiTest {
    static final String BASE = CustomCompetitions.BASE;
    static final int ROWS = CustomCompetitions.ROWS;

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

    @Test
    void onlyTheHostRegistersWorkersAndOnlyForCustomMetrics() {
        arena.competition("reg", "custom", "exact");
        HttpResponse<String> byParticipant = server.send("POST", BASE + "/reg/workers", arena.alice, "{\"name\":\"mine\"}");
        String token = arena.register("reg", "w1");
        HttpResponse<String> twice = server.send("POST", BASE + "/reg/workers", arena.host, "{\"name\":\"W1\"}");
        HttpResponse<String> listed = server.get(BASE + "/reg/workers", arena.host);
        HttpResponse<String> listedByAlice = server.get(BASE + "/reg/workers", arena.alice);
        HttpResponse<String> builtIn = server.send("POST", BASE, arena.host, "{\"name\":\"builtin\",\"title\":\"B\",\"metric\":\"accuracy\",\"phases\":[{\"name\":\"m\","
                + "\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2036-01-01T00:00:00Z\"}]}");
        HttpResponse<String> forBuiltIn = server.send("POST", BASE + "/builtin/workers", arena.host, "{\"name\":\"w\"}");
        HttpResponse<String> ladderOnCustom = server.send("POST", BASE, arena.host, "{\"name\":\"ladderx\",\"title\":\"L\",\"metric\":\"custom\",\"mode\":\"ladder\","
                + "\"phases\":[{\"name\":\"m\",\"start\":\"2026-01-01T00:00:00Z\",\"end\":\"2036-01-01T00:00:00Z\"}]}");
        HttpResponse<String> anonymous = arena.call("POST", "/claim?wait=0", null, null, null);
        HttpResponse<String> userToken = arena.call("POST", "/claim?wait=0", arena.alice, null, null);
        HttpResponse<String> idle = arena.call("POST", "/claim?wait=0", token, null, null);
        HttpResponse<String> revoke = server.send("DELETE", BASE + "/reg/workers/w1", arena.host, null);
        HttpResponse<String> revoked = arena.call("POST", "/claim?wait=0", token, null, null);

        assertError(byParticipant, 403, "only the host");
        assertThat(token).startsWith("chw_");
        assertError(twice, 409, "already has a worker");
        assertThat(json(listed)).extracting(w -> w.path("name").asText()).containsExactly("w1");
        assertThat(json(listed).get(0).has("token")).isFalse();
        assertThat(listedByAlice.statusCode()).isEqualTo(403);
        assertThat(builtIn.statusCode()).as(builtIn.body()).isEqualTo(201);
        assertError(forBuiltIn, 409, "scored by the server");
        assertError(ladderOnCustom, 400, "per-example losses");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(userToken.statusCode()).isEqualTo(401);
        assertThat(idle.statusCode()).as(idle.body()).isEqualTo(204);
        assertThat(revoke.statusCode()).isEqualTo(204);
        assertError(revoked, 401, "unknown or revoked");
    }

    @Test
    void aWorkerScoresUnderItsLeaseAndEveryOtherReportIsRefusedAndChangesNothing() {
        arena.competition("plain", "custom", "exact");
        arena.competition("other", "custom", "exact");
        String w1 = arena.register("plain", "w1");
        String stranger = arena.register("other", "w1");
        String submission = arena.submit("plain", arena.alice);

        JsonNode job = arena.claim(w1, 60);
        String id = job.path("job").asText();
        String lease = job.path("lease").asText();
        HttpResponse<String> noLease = arena.call("GET", "/jobs/" + id + "/files", w1, null, null);
        HttpResponse<String> wrongLease = arena.call("GET", "/jobs/" + id + "/files", w1, "0123", null);
        HttpResponse<String> otherCompetition = arena.call("GET", "/jobs/" + id + "/files", stranger, lease, null);
        HttpResponse<String> unknown = arena.call("POST", "/jobs/nope/result", w1, lease, "{\"public\":1,\"private\":2}");
        HttpResponse<String> files = arena.call("GET", "/jobs/" + id + "/files", w1, lease, null);
        HttpResponse<String> beat = arena.call("POST", "/jobs/" + id + "/heartbeat?lease=120", w1, lease, null);
        HttpResponse<String> missingScore = arena.call("POST", "/jobs/" + id + "/result", w1, lease, "{\"public\":0.5}");
        HttpResponse<String> strangerReport = arena.call("POST", "/jobs/" + id + "/result", stranger, lease, "{\"public\":0.1,\"private\":0.2}");
        HttpResponse<String> wrongLeaseReport = arena.call("POST", "/jobs/" + id + "/result", w1, "0123", "{\"public\":0.1,\"private\":0.2}");
        JsonNode before = arena.mine("plain", arena.host, submission);
        HttpResponse<String> result = arena.call("POST", "/jobs/" + id + "/result", w1, lease, "{\"public\":0.75,\"private\":0.5}");
        HttpResponse<String> twice = arena.call("POST", "/jobs/" + id + "/result", w1, lease, "{\"public\":0.99,\"private\":0.99}");
        HttpResponse<String> failAfter = arena.call("POST", "/jobs/" + id + "/failure", w1, lease, "{\"blame\":\"input\",\"message\":\"late\"}");
        JsonNode after = arena.mine("plain", arena.host, submission);

        assertThat(job.path("submission").asText()).isEqualTo(submission);
        assertThat(job.path("attempt").asInt()).isEqualTo(1);
        assertError(noLease, 400, "X-Chorus-Lease");
        assertError(wrongLease, 409, "not held with this lease");
        assertThat(otherCompetition.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(files.statusCode()).as(files.body()).isEqualTo(200);
        JsonNode parts = json(files).path("parts");
        assertThat(json(files).path("metric").asText()).isEqualTo("custom");
        assertThat(parts).extracting(p -> p.path("split").asText()).containsExactly("public", "private");
        assertThat(parts.get(0).path("rows").asInt() + parts.get(1).path("rows").asInt()).isEqualTo(ROWS);
        for (JsonNode part : parts) {
            List<String> solution = part.path("solution").asText().lines().toList();
            List<String> submitted = part.path("submission").asText().lines().toList();
            assertThat(solution.getFirst()).isEqualTo("id,truth,weight");
            assertThat(submitted.getFirst()).isEqualTo("id,guess");
            assertThat(solution).hasSize(part.path("rows").asInt() + 1).hasSameSizeAs(submitted);
            for (int i = 1; i < solution.size(); i++) {
                int row = Integer.parseInt(solution.get(i).substring(1, solution.get(i).indexOf(',')));
                assertThat(solution.get(i)).isEqualTo("r" + row + "," + (row % 7) + ",\"1,5\"");
                assertThat(submitted.get(i)).isEqualTo("r" + row + "," + (row % 5));
            }
        }
        assertThat(beat.statusCode()).as(beat.body()).isEqualTo(200);
        assertThat(Instant.parse(json(beat).path("expiresAt").asText())).isAfter(Instant.parse(job.path("expiresAt").asText()));
        assertError(missingScore, 400, "private score");
        assertThat(strangerReport.statusCode()).isEqualTo(404);
        assertThat(wrongLeaseReport.statusCode()).isEqualTo(409);
        assertThat(before.path("status").asText()).isEqualTo("queued");
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertError(twice, 409, "already succeeded");
        assertThat(failAfter.statusCode()).isEqualTo(409);
        assertThat(after.path("status").asText()).isEqualTo("scored");
        assertThat(after.path("publicScore").asDouble()).isEqualTo(0.75);
        assertThat(after.path("privateScore").asDouble()).isEqualTo(0.5);
        assertThat(after.path("score").asDouble()).isEqualTo(0.75);
    }

    @Test
    void anExpiredLeaseIsRefusedAndTheJobGoesToTheNextWorker() throws InterruptedException {
        arena.competition("expiry", "custom", "exact");
        String w1 = arena.register("expiry", "w1");
        String w2 = arena.register("expiry", "w2");
        String submission = arena.submit("expiry", arena.alice);

        JsonNode first = arena.claim(w1, 1);
        Thread.sleep(1500);
        HttpResponse<String> late = arena.call("POST", "/jobs/" + first.path("job").asText() + "/result", w1, first.path("lease").asText(),
                "{\"public\":0.1,\"private\":0.1}");
        HttpResponse<String> lateBeat = arena.call("POST", "/jobs/" + first.path("job").asText() + "/heartbeat", w1, first.path("lease").asText(), null);
        JsonNode queued = arena.mine("expiry", arena.host, submission);
        JsonNode second = arena.claim(w2, 60);
        HttpResponse<String> result = arena.call("POST", "/jobs/" + second.path("job").asText() + "/result", w2, second.path("lease").asText(),
                "{\"public\":0.6,\"private\":0.4}");

        assertError(late, 409, "expired");
        assertThat(lateBeat.statusCode()).isEqualTo(409);
        assertThat(queued.path("status").asText()).isEqualTo("queued");
        assertThat(second.path("job").asText()).isEqualTo(first.path("job").asText());
        assertThat(second.path("attempt").asInt()).isEqualTo(2);
        assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
        assertThat(arena.mine("expiry", arena.host, submission).path("publicScore").asDouble()).isEqualTo(0.6);
    }

    @Test
    void failuresBlamedOnTheSubmissionAreFinalAndOnInfrastructureAreRetried() {
        arena.competition("faults", "custom", "exact");
        String w = arena.register("faults", "w");
        String bad = arena.submit("faults", arena.alice);
        String unlucky = arena.submit("faults", arena.bob);

        JsonNode a = arena.claim(w, 60);
        JsonNode b = arena.claim(w, 60);
        JsonNode badJob = a.path("submission").asText().equals(bad) ? a : b;
        JsonNode unluckyJob = badJob == a ? b : a;
        HttpResponse<String> noBlame = arena.call("POST", "/jobs/" + badJob.path("job").asText() + "/failure", w, badJob.path("lease").asText(), "{}");
        HttpResponse<String> input = arena.call("POST", "/jobs/" + badJob.path("job").asText() + "/failure", w, badJob.path("lease").asText(),
                "{\"blame\":\"input\",\"message\":\"column guess must be numbers\"}");
        HttpResponse<String> infra = arena.call("POST", "/jobs/" + unluckyJob.path("job").asText() + "/failure", w, unluckyJob.path("lease").asText(),
                "{\"blame\":\"infrastructure\",\"message\":\"scorer crashed\"}");

        assertError(noBlame, 400, "blame");
        assertThat(input.statusCode()).as(input.body()).isEqualTo(200);
        assertThat(infra.statusCode()).as(infra.body()).isEqualTo(200);
        JsonNode failed = arena.mine("faults", arena.alice, bad);
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("column guess must be numbers");
        assertThat(arena.mine("faults", arena.bob, unlucky).path("status").asText()).isEqualTo("queued");
    }

    @Test
    void perRowLossesDriveTheLadder() {
        arena.competition("ladder", "custom_loss", "ladder");
        String w = arena.register("ladder", "w");
        List<Double> shown = new ArrayList<>();
        // first: 0.5 everywhere; then two rows better and one worse (inside the noise); then 0.1 everywhere
        for (int step = 0; step < 3; step++) {
            String submission = arena.submit("ladder", arena.alice);
            JsonNode job = arena.claim(w, 60);
            JsonNode parts = json(arena.call("GET", "/jobs/" + job.path("job").asText() + "/files", w, job.path("lease").asText(), null)).path("parts");
            double[] pub = arena.filled(parts.get(0).path("rows").asInt(), step == 2 ? 0.1 : 0.5);
            double[] priv = arena.filled(parts.get(1).path("rows").asInt(), 0.5);
            if (step == 1) {
                pub[0] = 0.4;
                pub[1] = 0.4;
                pub[2] = 0.6;
            }
            HttpResponse<String> wrongCount = arena.call("POST", "/jobs/" + job.path("job").asText() + "/result", w, job.path("lease").asText(),
                    "{\"publicLosses\":" + arena.losses(priv) + ",\"privateLosses\":" + arena.losses(pub) + "}");
            HttpResponse<String> r = arena.call("POST", "/jobs/" + job.path("job").asText() + "/result", w, job.path("lease").asText(),
                    "{\"publicLosses\":" + arena.losses(pub) + ",\"privateLosses\":" + arena.losses(priv) + "}");
            assertError(wrongCount, 400, "one loss per row");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode s = arena.mine("ladder", arena.host, submission);
            assertThat(s.path("publicScore").asDouble()).isCloseTo(Arrays.stream(pub).average().orElseThrow(), offset(1e-12));
            shown.add(s.path("score").asDouble());
        }
        assertThat(shown.get(0)).isEqualTo(0.5);
        assertThat(shown.get(1)).isEqualTo(0.5); // held back: the improvement is inside the paired test's noise
        assertThat(shown.get(2)).isCloseTo(0.1, offset(1e-12));
    }

    /** The dataset was public when the competition was created (it must be), and made private since. */
    @Test
    void testInputsTheDatasetDoesNotHoldFailTheJobOnInfrastructureToBeRetried() {
        java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(3600);
        assertThat(server.send("POST", "/api/repos/create", arena.host, "{\"name\":\"hidden\",\"type\":\"dataset\"}").statusCode()).isBetween(200, 299);
        HttpResponse<String> created = server.send("POST", BASE, arena.host, "{\"name\":\"noinputs\",\"title\":\"N\",\"metric\":\"accuracy\","
                + "\"submissions\":\"model\",\"datasetRepo\":\"hostess/hidden\",\"testInputs\":\"test.csv\",\"phases\":[{\"name\":\"m\",\"start\":\""
                + start + "\",\"end\":\"" + start.plusSeconds(86400) + "\",\"dailyCap\":1}]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/datasets/hostess/hidden/settings", arena.host, "{\"private\":true}").statusCode()).isEqualTo(200);
        assertThat(arena.csv("PUT", BASE + "/noinputs/solution", arena.host, "id,label\nr0,1\nr1,0\n").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", BASE + "/noinputs/join", arena.alice, "{\"acceptRules\":true}").statusCode()).isEqualTo(201);
        assertThat(server.send("POST", "/api/repos/create", arena.alice, "{\"name\":\"m\",\"type\":\"model\"}").statusCode()).isBetween(200, 299);
        HttpResponse<String> submitted = server.send("POST", BASE + "/noinputs/submissions", arena.alice, "{\"model\":\"alice/m\"}");
        String w = arena.register("noinputs", "w");
        JsonNode job = arena.claim(w, 60);

        HttpResponse<String> files = arena.call("GET", "/jobs/" + job.path("job").asText() + "/files", w, job.path("lease").asText(), null);
        JsonNode queue = json(server.get(BASE + "/noinputs/jobs", arena.host)).get(0);

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        assertError(files, 409, "the test inputs cannot be read: the dataset hostess/hidden is not a public dataset repository");
        assertThat(queue.path("blame").asText()).isEqualTo("infrastructure");
        assertThat(queue.path("error").asText()).contains("the test inputs cannot be read");
        assertThat(arena.mine("noinputs", arena.alice, json(submitted).path("id").asText()).path("status").asText()).isEqualTo("queued");
    }
}
