package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chorus.client.federated.FederatedClient;
import org.chorus.core.db.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two coordinators on one PostgreSQL database, each with its gRPC endpoint: nodes connected to the one that does not
 * run the task train it through forwarding; when the owner is killed, the other takes the task over and finishes it.
 */
class AnyNodeServesAnyClientTest {
    @TempDir
    Path dir;

    @Test
    void nodesOfTheNonOwnerTrainTheTaskAndItFinishesThereWhenTheOwnerDies() throws Exception {
        try (Fixtures f = new Fixtures(dir, TestDatabases.postgres())) {
            Duration ttl = Duration.ofSeconds(4);
            Coordinator a = f.start(new TaskLease("coord-a", ttl));
            Coordinator b = f.start(new TaskLease("coord-b", ttl));
            FederatedServer serverA = FederatedServer.tcp(a, 0);
            FederatedServer serverB = FederatedServer.tcp(b, 0);
            a.advertise("localhost:" + serverA.port());
            b.advertise("localhost:" + serverB.port());
            String token = a.createFederation("hospitals");
            List<FederatedClient> clients = FederationOverGrpcTest.startNodes(serverB.port(), token, 4, new ArrayList<>());
            TaskSpec spec = TaskSpec.builder("hospitals", "fl-anywhere", Fixtures.BASE, "main").publishTo("org/fl-anywhere")
                    .strategy("fedavg", Map.of()).rounds(4).clients(4, 4, 1.0).roundTimeoutMs(60_000).clientSetting("epochs", 1L).build();

            String taskId = a.startTask(spec);
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (a.task(taskId).completedRounds() < 2 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Coordinator.TaskView beforeKill = a.task(taskId);
            String ownerWhileAlive = owner(f, taskId);
            serverA.close();
            ((DefaultCoordinator) a).halt(); // killed: neither its lease nor its address is given up, both expire
            long killed = System.nanoTime();
            long deadline = killed + Duration.ofSeconds(15).toNanos();
            while (!"coord-b".equals(owner(f, taskId)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double takeoverSeconds = (System.nanoTime() - killed) / 1e9;
            String ownerAfterKill = owner(f, taskId);
            Coordinator.TaskView done = b.await(taskId, Duration.ofSeconds(90));
            clients.forEach(FederatedClient::close);
            serverB.close();
            b.close();

            assertThat(ownerWhileAlive).as("the task ran on a while the nodes talked to b").isEqualTo("coord-a");
            assertThat(beforeKill.completedRounds()).as("rounds trained through b's forwarding").isGreaterThanOrEqualTo(2);
            assertThat(ownerAfterKill).as("b took the task over within 15 s (took %.1f s)", takeoverSeconds).isEqualTo("coord-b");
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.rounds()).extracting(Coordinator.RoundView::round).as("each round once, resumed after the last committed")
                    .containsExactly(1, 2, 3, 4);
            assertThat(done.rounds()).allSatisfy(r -> assertThat(r.participants()).isEqualTo(4));
            assertThat(f.hub.commits()).extracting(InMemoryHub.Commit::message).containsExactly("fl-anywhere: round 1 of 4",
                    "fl-anywhere: round 2 of 4", "fl-anywhere: round 3 of 4", "fl-anywhere: round 4 of 4");
        }
    }

    private static String owner(Fixtures f, String taskId) {
        return f.db.withHandle(h -> h.createQuery("SELECT lease_owner FROM fl_tasks WHERE id = ?").bind(0, taskId).mapTo(String.class).one());
    }
}
