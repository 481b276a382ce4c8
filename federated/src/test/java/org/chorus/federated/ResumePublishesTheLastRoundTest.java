package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.chorus.federated.strategy.StrategyState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed between a round's SQL commit and recording its hub revision: the node resuming the task publishes that
 * round, or records the commit the killed node made.
 */
class ResumePublishesTheLastRoundTest {
    @TempDir
    Path dir;

    @Test
    void aCommittedRoundWithoutItsRevisionIsPublishedAndLoggedWhenTheTaskResumes() throws Exception {
        try (Fixtures f = new Fixtures(dir)) {
            Killed k = killedAfterRoundOne(f);

            Coordinator c = f.start();
            Coordinator.TaskView done = c.await(k.taskId, Duration.ofSeconds(30));
            c.close();

            assertThat(done.status()).isEqualTo("completed");
            assertThat(f.hub.commits()).extracting(InMemoryHub.Commit::message).containsExactly("killed: round 1 of 1");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::revision).containsExactly("r1");
            assertThat(f.tracking.runs().get(k.runId).metrics()).containsExactly(new InMemoryTracking.Logged(1, Map.of("train_loss", 0.25)));
        }
    }

    @Test
    void aRoundPublishedButNotRecordedIsRecordedNotPublishedTwice() throws Exception {
        try (Fixtures f = new Fixtures(dir)) {
            Killed k = killedAfterRoundOne(f);
            f.hub.commit("org/killed", "killed: round 1 of 1", Map.of("model.safetensors", new byte[] {1})); // the killed node's commit

            Coordinator c = f.start();
            Coordinator.TaskView done = c.await(k.taskId, Duration.ofSeconds(30));
            c.close();

            assertThat(done.status()).isEqualTo("completed");
            assertThat(f.hub.commits()).as("one commit for round 1").hasSize(1);
            assertThat(done.rounds()).extracting(Coordinator.RoundView::revision).containsExactly("r1");
            assertThat(f.tracking.runs().get(k.runId).metrics()).containsExactly(new InMemoryTracking.Logged(1, Map.of("train_loss", 0.25)));
        }
    }

    private record Killed(String taskId, String runId) {}

    /** As left by a killed node: round 1 committed in SQL with its checkpoint, no hub revision, no metrics logged. */
    private static Killed killedAfterRoundOne(Fixtures f) {
        SqlStore store = new SqlStore(f.db, java.time.Clock.systemUTC());
        String fed = store.createFederation("hospitals", "h".repeat(64));
        TaskSpec spec = TaskSpec.builder("hospitals", "killed", Fixtures.BASE, "main").publishTo("org/killed")
                .strategy("fedavg", Map.of()).rounds(1).clients(1, 1, 1.0).roundTimeoutMs(30_000).build();
        String taskId = store.insertTask(fed, "killed", Json.write(spec));
        String runId = f.tracking.startRun("federated/hospitals", "killed", Map.of());
        store.setRunId(taskId, runId);
        f.store.save(taskId, 1, new Checkpoint(1, f.initial, StrategyState.EMPTY).toBytes());
        store.completeRound(taskId, new SqlStore.RoundRow(1, 1, "completed", 1, 0, 10, 20, null, "{\"train_loss\":0.25}", new RoundOutcomes(), 0));
        return new Killed(taskId, runId);
    }
}
