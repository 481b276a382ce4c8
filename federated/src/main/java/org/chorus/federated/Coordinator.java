package org.chorus.federated;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chorus.core.db.Database;

/**
 * The federated coordinator: federations (who may join), tasks (what to train) and their round loops.
 * Starting it resumes every task left running, from its last completed round. Nodes reach it through
 * {@link FederatedServer}.
 */
public interface Coordinator extends AutoCloseable {

    static Coordinator start(Database db, Ports ports, CoordinatorConfig config, Clock clock) {
        return start(db, ports, config, clock, TaskLease.SINGLE);
    }

    /** A coordinator that runs the tasks whose lease it holds, and takes over those of nodes that stopped renewing. */
    static Coordinator start(Database db, Ports ports, CoordinatorConfig config, Clock clock, TaskLease lease) {
        return DefaultCoordinator.start(db, ports, config, clock, lease);
    }

    /** The adapters the coordinator talks through. */
    record Ports(ModelSource source, ModelPublisher publisher, TrackingLog tracking, ModelStore store) {}

    /**
     * Pace and liveness: nodes heartbeat every {@code heartbeatIntervalMs}, stretched so that a federation's nodes
     * together beat at most {@code maxHeartbeatsPerSecond} times a second, and count as gone after three missed beats;
     * idle nodes poll every {@code pollIntervalMs}, stretched so that all connected nodes together poll at most
     * {@code maxPullsPerSecond} times a second.
     */
    record CoordinatorConfig(long heartbeatIntervalMs, long pollIntervalMs, int maxPullsPerSecond, int maxHeartbeatsPerSecond) {
        public CoordinatorConfig(long heartbeatIntervalMs, long pollIntervalMs, int maxPullsPerSecond) {
            this(heartbeatIntervalMs, pollIntervalMs, maxPullsPerSecond, 2_000);
        }

        public static CoordinatorConfig defaults() {
            return new CoordinatorConfig(5_000, 1_000, 2_000, 2_000);
        }
    }

    /** A task, its configuration and its rounds as stored; {@code createdAt} and {@code pausedAt} in ms (null: not paused). */
    record TaskView(String id, String name, String status, int completedRounds, String runId, String message, List<RoundView> rounds,
                    TaskSpec spec, long createdAt, Long pausedAt) {}

    /**
     * A round's last attempt: {@code participants} reported, of {@code selected} asked (null, as are {@code startedAt}
     * and the node lists, for rounds stored before these were recorded); {@code dropped} went silent or disconnected,
     * {@code rejected} sent a result that was refused, each with the reason.
     */
    record RoundView(int round, String status, int attempts, int participants, int failures, long bytesIn, long bytesOut,
                     String revision, Map<String, Double> metrics, Integer selected, List<NodeResult> dropped, List<NodeResult> rejected,
                     Long startedAt, long endedAt) {
        /** How long the attempt took (null when its start was not recorded). */
        public Long durationMs() {
            return startedAt == null ? null : endedAt - startedAt;
        }
    }

    /** A node that did not contribute to a phase ({@code stage}: fit, evaluate, secagg_mask …) and why. */
    record NodeResult(String nodeId, String node, String stage, String reason) {}

    /** A federation with how many nodes have registered in it and how many tasks it has run. */
    record FederationView(String name, long createdAt, int nodes, int tasks) {}

    /**
     * A node of a federation: {@code connected} when it was seen by this coordinator within three heartbeats;
     * {@code lastSeenAt} null when this coordinator has not heard from it since it started. {@code sdk}, {@code language}
     * and {@code capabilities} (secagg, dp) come from the properties the node registered with (null, empty if absent).
     */
    record NodeView(String id, String name, long registeredAt, boolean connected, Long lastSeenAt, String sdk, String language,
                    List<String> capabilities, Map<String, String> properties) {}

    /** Creates a federation and returns its join token (shown once). */
    String createFederation(String name);

    /** Validates and starts a task; returns its id. */
    String startTask(TaskSpec spec);

    TaskView task(String taskId);

    List<FederationView> federations();

    /** Every task, newest first, without their rounds ({@link #task} has them). */
    List<TaskView> tasks();

    /** The nodes registered in {@code federation}, by name. */
    List<NodeView> nodes(String federation);

    /**
     * Stops a running task for good: it ends {@code cancelled} after its last completed round, its open round is
     * dropped, and its tracking run ends KILLED. A task that is not running is a CONFLICT.
     */
    TaskView stop(String taskId);

    /**
     * Pauses a running task: its round loop finishes the round under way and holds before the next one, wherever it
     * runs (the loop reads the task's row between rounds). Shown as status "paused". A task that is not running, or
     * already paused, is a CONFLICT.
     */
    TaskView pause(String taskId);

    /** Lets a paused task's round loop go on from the round after its last completed one; CONFLICT if not paused. */
    TaskView resume(String taskId);

    /** Waits until the task is no longer running (nor paused) or the timeout passes; returns its view either way. */
    TaskView await(String taskId, Duration timeout) throws InterruptedException;

    /**
     * Tells the other coordinators on this database where this one's gRPC endpoint is ({@code host:port}), so that they
     * forward to it the calls of nodes that reach them for tasks whose lease this one holds. Renewed with the leases.
     */
    void advertise(String address);

    /** Number of nodes known to this coordinator process (registered or seen since start). */
    int connectedNodes();

    /** Stops the round loops without changing stored state; a later start resumes them. */
    @Override
    void close();
}
