package org.chorus.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job queue's behaviour, run against SQLite and PostgreSQL. */
abstract class JobsContract {
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Jobs.Retry RETRY = new Jobs.Retry(Duration.ofSeconds(10), Duration.ofMinutes(5));

    @TempDir
    Path dir;
    Database db;
    Jobs jobs;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    abstract Database open(Path dir);

    @BeforeEach
    void setUp() {
        db = open(dir);
        jobs = Jobs.create(db, clock, RETRY);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private Job enqueue(String key, int maxAttempts) {
        return jobs.enqueue(new NewJob("score", key, "{\"submission\":\"" + key + "\"}", maxAttempts));
    }

    private static ChorusException refusal(Runnable r) {
        try {
            r.run();
        } catch (ChorusException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    @Test
    void workersTakeJobsOldestFirstAndEachJobOnce() {
        Job first = enqueue("a", 3);
        clock.advance(Duration.ofMillis(1));
        Job second = enqueue("b", 3);

        Lease one = jobs.claim("score", "w1", LEASE).orElseThrow();
        Lease two = jobs.claim("score", "w2", LEASE).orElseThrow();

        assertThat(one.jobId()).isEqualTo(first.id());
        assertThat(one.payload()).isEqualTo("{\"submission\":\"a\"}");
        assertThat(one.attempt()).isEqualTo(1);
        assertThat(two.jobId()).isEqualTo(second.id());
        assertThat(jobs.claim("score", "w3", LEASE)).isEmpty();
        assertThat(jobs.claim("other-queue", "w3", LEASE)).isEmpty();
        assertThat(jobs.counts("score")).isEqualTo(Map.of(JobState.LEASED, 2L));
    }

    @Test
    void enqueuingTheSameKeyAgainReturnsTheFirstJob() {
        Job first = enqueue("a", 3);

        Job again = jobs.enqueue(new NewJob("score", "a", "different payload", 5));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.maxAttempts()).isEqualTo(3);
        assertThat(jobs.list("score", 10)).hasSize(1);
    }

    @Test
    void aCompletedJobKeepsItsResultAndASecondReportIsRefused() {
        enqueue("a", 3);
        Lease lease = jobs.claim("score", "w1", LEASE).orElseThrow();

        Job done = jobs.complete(lease.ref(), "0.91");
        ChorusException twice = refusal(() -> jobs.complete(lease.ref(), "0.99"));
        ChorusException failAfter = refusal(() -> jobs.fail(lease.ref(), Blame.INFRASTRUCTURE, "late"));

        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(twice.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(twice.getMessage()).contains("already succeeded");
        assertThat(failAfter.code()).isEqualTo(ErrorCode.CONFLICT);
        Job stored = jobs.find(done.id()).orElseThrow();
        assertThat(stored.result()).isEqualTo("0.91");
        assertThat(stored.state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aReportWithoutTheLeaseIsRefused() {
        Job job = enqueue("a", 3);
        ChorusException notClaimed = refusal(() -> jobs.complete(new LeaseRef(job.id(), "0".repeat(32)), "1"));
        Lease lease = jobs.claim("score", "w1", LEASE).orElseThrow();

        ChorusException wrongToken = refusal(() -> jobs.complete(new LeaseRef(job.id(), "f".repeat(32)), "1"));
        ChorusException noJob = refusal(() -> jobs.heartbeat(new LeaseRef("nosuchjob", lease.token()), LEASE));

        assertThat(notClaimed.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(wrongToken.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(wrongToken.getMessage()).contains("not held with this lease");
        assertThat(noJob.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.LEASED);
    }

    @Test
    void anExpiredLeaseGoesToAnotherWorkerAndTheFirstWorkersReportIsRefused() {
        Job job = enqueue("a", 3);
        Lease first = jobs.claim("score", "w1", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        jobs.heartbeat(first.ref(), LEASE); // extended to 50 s after the claim
        clock.advance(Duration.ofSeconds(25));
        assertThat(jobs.claim("score", "w2", LEASE)).as("the heartbeat kept the lease").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        ChorusException expired = refusal(() -> jobs.complete(first.ref(), "0.5"));
        Lease second = jobs.claim("score", "w2", LEASE).orElseThrow();
        ChorusException retaken = refusal(() -> jobs.heartbeat(first.ref(), LEASE));
        Job done = jobs.complete(second.ref(), "0.7");

        assertThat(expired.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(expired.getMessage()).contains("expired");
        assertThat(second.jobId()).isEqualTo(job.id());
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(retaken.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(done.result()).isEqualTo("0.7");
        assertThat(done.worker()).isEqualTo("w2");
    }

    @Test
    void anInfrastructureFailureIsRetriedAfterABackoffAndNeverBlamedOnTheInput() {
        Job job = enqueue("a", 2);
        Lease first = jobs.claim("score", "w1", LEASE).orElseThrow();

        Instant failedAt = clock.instant();
        Job retried = jobs.fail(first.ref(), Blame.INFRASTRUCTURE, "scorer crashed: out of memory");
        Map<JobState, Long> waiting = jobs.counts("score");
        boolean readyBeforePause = jobs.claim("score", "w2", LEASE).isPresent();
        clock.advance(Duration.ofSeconds(10));
        Lease second = jobs.claim("score", "w2", LEASE).orElseThrow();
        Job gaveUp = jobs.fail(second.ref(), Blame.INFRASTRUCTURE, "scorer crashed again");

        assertThat(retried.state()).isEqualTo(JobState.QUEUED);
        assertThat(retried.notBefore()).isEqualTo(failedAt.plusSeconds(10));
        assertThat(retried.blame()).isEqualTo(Blame.INFRASTRUCTURE);
        assertThat(waiting).isEqualTo(Map.of(JobState.QUEUED, 1L));
        assertThat(readyBeforePause).isFalse();
        assertThat(second.jobId()).isEqualTo(job.id());
        assertThat(gaveUp.state()).isEqualTo(JobState.FAILED);
        assertThat(gaveUp.blame()).as("out of attempts, still the infrastructure's fault").isEqualTo(Blame.INFRASTRUCTURE);
        assertThat(gaveUp.error()).isEqualTo("scorer crashed again");
    }

    @Test
    void readyQueuesNameOnlyQueuesUnderThePrefixWithAJobReadyNow() {
        jobs.enqueue(new NewJob("arena.c1", "queued", "{}", 3));
        jobs.enqueue(new NewJob("arena.c2", "retried", "{}", 3));
        jobs.fail(jobs.claim("arena.c2", "w1", LEASE).orElseThrow().ref(), Blame.INFRASTRUCTURE, "disk full"); // back-off 10 s
        jobs.enqueue(new NewJob("arena.c3", "held", "{}", 3));
        jobs.claim("arena.c3", "w1", LEASE).orElseThrow(); // a live lease
        jobs.enqueue(new NewJob("arena.c4", "done", "{}", 3));
        jobs.complete(jobs.claim("arena.c4", "w1", LEASE).orElseThrow().ref(), "1");
        jobs.enqueue(new NewJob("arenas", "other prefix", "{}", 3));
        jobs.enqueue(new NewJob("ci.r1", "other module", "{}", 3));

        List<String> now = jobs.readyQueues("arena.");
        clock.advance(Duration.ofSeconds(10));
        List<String> afterBackoff = jobs.readyQueues("arena.");
        clock.advance(LEASE);
        List<String> afterLeaseExpired = jobs.readyQueues("arena.");

        assertThat(now).containsExactly("arena.c1");
        assertThat(afterBackoff).containsExactly("arena.c1", "arena.c2");
        assertThat(afterLeaseExpired).containsExactly("arena.c1", "arena.c2", "arena.c3");
        assertThat(refusal(() -> jobs.readyQueues(" ")).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aJobWhoseLeasesKeepExpiringEndsFailedOnInfrastructure() {
        Job job = enqueue("a", 1);
        jobs.claim("score", "w1", LEASE).orElseThrow();
        clock.advance(LEASE);

        boolean handedOut = jobs.claim("score", "w2", LEASE).isPresent();

        Job ended = jobs.find(job.id()).orElseThrow();
        assertThat(handedOut).isFalse();
        assertThat(ended.state()).isEqualTo(JobState.FAILED);
        assertThat(ended.blame()).isEqualTo(Blame.INFRASTRUCTURE);
        assertThat(ended.error()).contains("lease of worker 'w1' expired");
    }

    @Test
    void aFailureBlamedOnTheInputIsFinal() {
        Job job = enqueue("a", 5);
        Lease lease = jobs.claim("score", "w1", LEASE).orElseThrow();

        Job failed = jobs.fail(lease.ref(), Blame.INPUT, "column 'label' holds 'cat', not a number");
        clock.advance(Duration.ofHours(1));

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.blame()).isEqualTo(Blame.INPUT);
        assertThat(jobs.claim("score", "w2", LEASE)).isEmpty();
        assertThat(jobs.find(job.id()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void badArgumentsAreRefusedBeforeTouchingTheQueue() {
        assertThatThrownBy(() -> new NewJob("score", "", "{}", 1)).isInstanceOf(ChorusException.class).hasMessageContaining("job key");
        assertThatThrownBy(() -> new NewJob("score\n", "k", "{}", 1)).hasMessageContaining("queue");
        assertThatThrownBy(() -> new NewJob("score", "k", "{}", 0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> jobs.claim("score", "w", Duration.ZERO)).hasMessageContaining("lease");
        assertThatThrownBy(() -> jobs.claim("score", "w", Duration.ofHours(2))).hasMessageContaining("lease");
    }
}
