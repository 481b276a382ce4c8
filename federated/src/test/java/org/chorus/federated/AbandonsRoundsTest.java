package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.Config;
import org.chorus.client.federated.FederatedClient;
import org.chorus.client.federated.LocalTrainer;
import org.chorus.client.federated.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AbandonsRoundsTest {
    @TempDir
    Path dir;

    static final LocalTrainer ECHO = new LocalTrainer() {
        @Override
        public FitResult fit(List<NamedTensor> weights, Config config) {
            return new FitResult(weights, 5, Map.of("loss", 1.0));
        }

        @Override
        public EvaluateResult evaluate(List<NamedTensor> weights, Config config) {
            return new EvaluateResult(5, Map.of("loss", 1.0));
        }
    };

    @Test
    void aRoundWithTooFewReportsIsAbandonedAndRetriedOnceEnoughNodesAreBack() throws Exception {
        try (Fixtures f = new Fixtures(dir); Fixtures.Running r = f.running("abandon")) {
            // Prepare: a good node and a silent one that takes its instruction and then vanishes
            Coordinator c = r.coordinator();
            FederatedClient good = FederatedClient.builder(r.channel()).federation("fed", r.token()).nodeName("good").trainer(ECHO).build().start();
            RawNode silent = new RawNode(r.channel(), "fed", r.token(), "silent");
            // the silent node counts as alive for 3 heartbeats (3 s) after its last call and may be drawn again until
            // then, so 10 attempts of 0.7 s leave room for rounds without it
            String taskId = c.startTask(TaskSpec.builder("fed", "t", Fixtures.BASE, "main").rounds(1).clients(2, 2, 1.0)
                    .roundTimeoutMs(700).maxAttempts(10).evaluateEvery(0).build());

            // Execute: the silent node takes round 1; once that attempt is abandoned a second good node joins
            while (silent.pull() == null) {
                Thread.sleep(10);
            }
            while (c.task(taskId).rounds().isEmpty()) {
                Thread.sleep(10);
            }
            Coordinator.RoundView abandoned = c.task(taskId).rounds().get(0);
            FederatedClient second = FederatedClient.builder(r.channel()).federation("fed", r.token()).nodeName("second").trainer(ECHO).build().start();
            Coordinator.TaskView done = c.await(taskId, Duration.ofSeconds(30));
            good.close();
            second.close();
            r.stop();

            // Assert
            assertThat(abandoned.status()).isEqualTo("abandoned");
            assertThat(abandoned.participants()).isEqualTo(1);
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).singleElement().satisfies(round -> {
                assertThat(round.status()).isEqualTo("completed");
                assertThat(round.attempts()).isGreaterThanOrEqualTo(2);
                assertThat(round.participants()).isEqualTo(2);
            });
        }
    }
}
