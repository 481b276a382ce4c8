package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.MutableClock;
import org.chorus.federated.proto.v1.FederationGrpc;
import org.chorus.federated.proto.v1.HeartbeatRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet's heartbeats are paced by the coordinator, and reach SQL in batches, not one write per beat. */
class HeartbeatPaceTest {
    @TempDir
    Path dir;

    @Test
    void theServerStretchesTheIntervalToTheFederationsBudgetAndWritesLastSeenOnlyWhenItFlushes() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        try (Fixtures f = new Fixtures(dir)) {
            // 1 s beats, at most 10 a second per federation; a lease of an hour keeps the ticker still: the test ticks
            Coordinator.CoordinatorConfig config = new Coordinator.CoordinatorConfig(1_000, 20, 1_000_000, 10);
            DefaultCoordinator c = (DefaultCoordinator) Coordinator.start(f.db, new Coordinator.Ports(f.hub, f.hub, f.tracking, f.store), config,
                    clock, new TaskLease("pace", Duration.ofHours(1)));
            FederatedServer server = FederatedServer.inProcess(c, "pace");
            try {
                ManagedChannel channel = InProcessChannelBuilder.forName("pace").build();
                String token = c.createFederation("fleet");
                String other = c.createFederation("small");
                List<RawNode> fleet = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    fleet.add(new RawNode(channel, "fleet", token, "n" + i));
                }
                RawNode alone = new RawNode(channel, "small", other, "alone");
                FederationGrpc.FederationBlockingStub stub = FederationGrpc.newBlockingStub(channel);
                c.tick();

                // 50 nodes at 10 beats/s: every 5 s; one node alone keeps the configured second
                long fleetInterval = stub.heartbeat(HeartbeatRequest.newBuilder().setSession(fleet.get(0).session).build()).getHeartbeatIntervalMs();
                long aloneInterval = stub.heartbeat(HeartbeatRequest.newBuilder().setSession(alone.session).build()).getHeartbeatIntervalMs();
                assertThat(fleetInterval).isEqualTo(5_000);
                assertThat(aloneInterval).isEqualTo(1_000);

                // a flush writes when each node was seen; beats after it stay in memory until the next one
                c.tick();
                long flushedAt = clock.millis();
                String nodeId = fleet.get(0).session.getNodeId();
                String fleetId = c.store.federation("fleet").orElseThrow().id();
                assertThat(c.store.lastSeen(fleetId)).hasSize(50).containsEntry(nodeId, flushedAt);
                for (int beat = 1; beat <= 20; beat++) {
                    clock.advance(Duration.ofMillis(100));
                    stub.heartbeat(HeartbeatRequest.newBuilder().setSession(fleet.get(0).session).build());
                }
                assertThat(c.store.lastSeen(fleetId)).as("20 beats, no write").containsEntry(nodeId, flushedAt);
                c.tick();
                assertThat(c.store.lastSeen(fleetId)).as("one write, the latest beat").containsEntry(nodeId, flushedAt + 2_000)
                        .containsEntry(fleet.get(1).session.getNodeId(), flushedAt);

                // liveness follows the paced interval: three missed 5 s beats, not three missed seconds
                clock.advance(Duration.ofSeconds(12));
                assertThat(c.alive(fleetId)).as("14 s after the others' last beat, within 15 s").hasSize(50);
                clock.advance(Duration.ofSeconds(2));
                assertThat(c.alive(fleetId)).as("16 s after the others' last beat; node 0 beat 14 s ago").containsExactly(nodeId);
                channel.shutdownNow();
            } finally {
                server.close();
                c.close();
            }
        }
    }
}
