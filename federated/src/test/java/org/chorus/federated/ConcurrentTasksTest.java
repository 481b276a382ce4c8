package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.FederatedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One coordinator runs several tasks at once over the same nodes, each to the end with its own rounds and run. */
class ConcurrentTasksTest {
    @TempDir
    Path dir;

    @Test
    void threeTasksOnOneCoordinatorAndOneFleetEachCompleteEveryRound() throws Exception {
        try (Fixtures f = new Fixtures(dir)) {
            Coordinator c = f.start();
            try (FederatedServer server = FederatedServer.tcp(c, 0)) {
                String token = c.createFederation("hospitals");
                List<FederatedClient> clients = FederationOverGrpcTest.startNodes(server.port(), token, 4, new ArrayList<>());
                List<String> tasks = new ArrayList<>();
                for (String name : List.of("alpha", "beta", "gamma")) {
                    tasks.add(c.startTask(TaskSpec.builder("hospitals", name, Fixtures.BASE, "main").publishTo("org/" + name)
                            .strategy("fedavg", Map.of()).rounds(2).clients(3, 3, 1.0).roundTimeoutMs(60_000).clientSetting("epochs", 1L).build()));
                }
                List<Coordinator.TaskView> done = new ArrayList<>();
                for (String id : tasks) {
                    done.add(c.await(id, Duration.ofSeconds(120)));
                }
                clients.forEach(FederatedClient::close);

                assertThat(done).allSatisfy(t -> {
                    assertThat(t.status()).as(t.name()).isEqualTo("completed");
                    assertThat(t.rounds()).extracting(Coordinator.RoundView::round).containsExactly(1, 2);
                    assertThat(t.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(3));
                });
                assertThat(f.tracking.runs()).as("a run per task").hasSize(3);
                assertThat(f.hub.commits()).extracting(InMemoryHub.Commit::message).containsExactlyInAnyOrder(
                        "alpha: round 1 of 2", "alpha: round 2 of 2", "beta: round 1 of 2", "beta: round 2 of 2",
                        "gamma: round 1 of 2", "gamma: round 2 of 2");
            } finally {
                c.close();
            }
        }
    }
}
