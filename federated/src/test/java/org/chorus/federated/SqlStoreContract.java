package org.chorus.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.MutableClock;
import org.chorus.core.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The federated tables behave the same on every SQL engine; subclasses supply the engine. */
abstract class SqlStoreContract {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Database db;
    SqlStore store;

    abstract Database newDatabase();

    @BeforeEach
    void setUp() {
        db = newDatabase();
        store = new SqlStore(db, clock);
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static SqlStore.RoundRow row(int round, String status) {
        return new SqlStore.RoundRow(round, 1, status, 3, 1, 100, 200, null, "{\"train_loss\":0.5}", new RoundOutcomes(), 0);
    }

    @Test
    void reRegisteringANodeKeepsItsIdAndReplacesItsSession() {
        String fed = store.createFederation("hospitals", "h".repeat(64));
        String first = store.upsertNode(fed, "node-a", "1".repeat(64), "{}");
        String again = store.upsertNode(fed, "node-a", "2".repeat(64), "{\"k\":\"v\"}");
        assertThat(again).isEqualTo(first);
        assertThat(store.node(first).orElseThrow().sessionHash()).isEqualTo("2".repeat(64));
        assertThat(store.federation("hospitals").orElseThrow().id()).isEqualTo(fed);
        assertThat(store.nodes(fed)).hasSize(1);
    }

    @Test
    void roundsCompleteInOrderAndAnAbandonedAttemptIsReplacedByTheCompletedOne() {
        String fed = store.createFederation("f", "h".repeat(64));
        String task = store.insertTask(fed, "t", "{}");
        store.abandonRound(task, row(1, "abandoned"));
        store.completeRound(task, row(1, "completed"));
        store.setRevision(task, 1, "r1");

        assertThatThrownBy(() -> store.completeRound(task, row(3, "completed")))
                .isInstanceOfSatisfying(ChorusException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.task(task).orElseThrow().completedRounds()).isEqualTo(1);
        assertThat(store.rounds(task)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo("completed");
            assertThat(r.revision()).isEqualTo("r1");
            assertThat(r.bytesOut()).isEqualTo(200);
            assertThat(r.selected()).as("V27's columns come back").isZero();
            assertThat(r.outcomes()).isEqualTo("[]");
            assertThat(r.startedAt()).isZero();
        });
        assertThat(store.claimable("a", 0)).containsExactly(task);
        store.finishTask(task, "completed", null);
        assertThat(store.claimable("a", 0)).isEmpty();
    }

    @Test
    void aTaskLeaseHasOneHolderUntilItExpiresOrIsReleased() {
        store.createFederation("leased", "l".repeat(64));
        String task = store.insertTask(store.federation("leased").orElseThrow().id(), "t", "{}");
        assertThat(store.claimable("b", 1_000)).as("never leased").containsExactly(task);

        assertThat(store.claim(task, "a", 1_000, 16_000)).isTrue();
        assertThat(store.claim(task, "b", 2_000, 17_000)).as("held by a").isFalse();
        assertThat(store.claimable("b", 2_000)).isEmpty();
        assertThat(store.claimable("a", 2_000)).as("its own").containsExactly(task);
        assertThat(store.renewLeases("a", 30_000)).containsExactly(task);
        assertThat(store.claim(task, "b", 20_000, 35_000)).as("renewed to 30 s").isFalse();

        assertThat(store.claim(task, "b", 30_001, 45_000)).as("expired: b takes it over").isTrue();
        assertThat(store.renewLeases("a", 40_000)).as("a learns it lost the task").isEmpty();
        assertThat(store.claim(task, "a", 31_000, 46_000)).isFalse();

        store.releaseLeases("b");
        assertThat(store.claim(task, "a", 31_000, 46_000)).as("released: free at once").isTrue();
        store.finishTask(task, "completed", null);
        assertThat(store.renewLeases("a", 50_000)).as("an ended task holds no lease").isEmpty();
        assertThat(store.claim(task, "b", 99_000, 100_000)).isFalse();
    }

    @Test
    void aTaskThatEndedKeepsItsStatusAndListsCountNodesAndTasks() {
        String fed = store.createFederation("hospitals", "h".repeat(64));
        store.createFederation("clinics", "c".repeat(64));
        store.upsertNode(fed, "node-a", "1".repeat(64), "{}");
        String first = store.insertTask(fed, "first", "{}");
        clock.advance(java.time.Duration.ofSeconds(1));
        String second = store.insertTask(fed, "second", "{}");

        assertThat(store.finishTask(first, "cancelled", "stopped after round 0")).isTrue();
        assertThat(store.finishTask(first, "completed", null)).as("a round loop finishing after the stop").isFalse();

        assertThat(store.task(first).orElseThrow().status()).isEqualTo("cancelled");
        assertThat(store.tasks()).extracting(SqlStore.TaskRow::id).containsExactly(second, first);
        assertThat(store.federations()).extracting(Coordinator.FederationView::name, Coordinator.FederationView::nodes,
                Coordinator.FederationView::tasks).containsExactly(org.assertj.core.groups.Tuple.tuple("clinics", 0, 0),
                org.assertj.core.groups.Tuple.tuple("hospitals", 1, 2));
        assertThat(store.registeredAt(fed)).containsOnlyKeys(store.nodes(fed).get(0).id());
    }

    @Test
    void aCoordinatorsAddressIsFoundUntilItExpiresAndTheLeaseNamesTheTaskOwner() {
        assertThat(store.address("a", 1_000)).isEmpty();
        store.advertise("a", "10.0.0.1:9091", 1_000, 16_000);
        store.advertise("b", "10.0.0.2:9091", 1_000, 16_000);
        store.advertise("a", "10.0.0.9:9091", 2_000, 17_000);
        assertThat(store.address("a", 17_000)).as("renewed, with its new address").contains("10.0.0.9:9091");
        assertThat(store.address("a", 17_001)).as("expired").isEmpty();
        assertThat(store.address("b", 10_000)).contains("10.0.0.2:9091");
        store.withdraw("b");
        assertThat(store.address("b", 10_000)).isEmpty();

        String fed = store.createFederation("leases", "l".repeat(64));
        String first = store.insertTask(fed, "first", "{}");
        clock.advance(java.time.Duration.ofSeconds(1));
        String second = store.insertTask(fed, "second", "{}");
        assertThat(store.lease(first)).as("never claimed").isEmpty();
        store.claim(first, "a", 1_000, 16_000);
        store.claim(second, "b", 1_000, 18_000);
        assertThat(store.lease(first)).contains(new SqlStore.LeaseRow(first, "a", 16_000));
        assertThat(store.leases(fed)).containsExactly(new SqlStore.LeaseRow(first, "a", 16_000), new SqlStore.LeaseRow(second, "b", 18_000));
        store.finishTask(first, "completed", null);
        assertThat(store.lease(first)).as("an ended task has no owner").isEmpty();
        assertThat(store.leases(fed)).extracting(SqlStore.LeaseRow::taskId).containsExactly(second);
    }

    @Test
    void lastSeenTimesAreWrittenInOneBatchAndNeverGoBack() {
        String fed = store.createFederation("seen", "s".repeat(64));
        String other = store.createFederation("other", "o".repeat(64));
        String a = store.upsertNode(fed, "a", "1".repeat(64), "{}");
        String b = store.upsertNode(fed, "b", "2".repeat(64), "{}");
        store.upsertNode(fed, "never", "3".repeat(64), "{}");
        store.upsertNode(other, "c", "4".repeat(64), "{}");
        assertThat(store.lastSeen(fed)).isEmpty();

        store.touchNodes(Map.of(a, 5_000L, b, 6_000L));
        store.touchNodes(Map.of(a, 4_000L)); // another coordinator's older sighting
        assertThat(store.lastSeen(fed)).containsOnly(Map.entry(a, 5_000L), Map.entry(b, 6_000L));
        store.touchNodes(Map.of(a, 7_000L));
        assertThat(store.lastSeen(fed)).containsEntry(a, 7_000L);
        assertThat(store.nodeCounts()).containsOnly(Map.entry(fed, 3), Map.entry(other, 1));
    }
}
