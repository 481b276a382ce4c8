package org.chorus.federated;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.db.Database;

/** The federated tables: federations, nodes, tasks, rounds. Every method is one transaction. */
final class SqlStore {
    record FederationRow(String id, String name, String tokenHash) {}

    record NodeRow(String id, String federationId, String name, String sessionHash, String properties) {}

    /** {@code pausedAt} is null unless an administrator paused the (running) task. */
    record TaskRow(String id, String federationId, String name, String spec, String status, int completedRounds,
                   String runId, String message, Long pausedAt, long createdAt) {
        /** The status shown: a running task that is paused is "paused". */
        String shownStatus() {
            return pausedAt != null && status.equals("running") ? "paused" : status;
        }
    }

    /**
     * {@code selected}, {@code outcomes} (JSON of {@link RoundOutcomes.NodeOutcome}) and {@code startedAt} are null in
     * rows written before V27; {@code endedAt} is set when the row is written.
     */
    record RoundRow(int round, int attempts, String status, int participants, int failures, long bytesIn,
                    long bytesOut, String revision, String metrics, Integer selected, String outcomes, Long startedAt, long endedAt) {
        RoundRow(int round, int attempts, String status, int participants, int failures, long bytesIn, long bytesOut, String revision,
                 String metrics, RoundOutcomes outcomes, long startedAt) {
            this(round, attempts, status, participants, failures, bytesIn, bytesOut, revision, metrics, outcomes.selected(), outcomes.json(),
                    startedAt, 0);
        }
    }

    private final Database db;
    private final Clock clock;

    SqlStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    String createFederation(String name, String tokenHash) {
        String id = Ids.newId(clock);
        db.useTransaction(h -> h.createUpdate("INSERT INTO fl_federations (id, name, token_hash, created_at) VALUES (?, ?, ?, ?)")
                .bind(0, id).bind(1, name).bind(2, tokenHash).bind(3, clock.millis()).execute());
        return id;
    }

    Optional<FederationRow> federation(String name) {
        return db.withHandle(h -> h.createQuery("SELECT id, name, token_hash FROM fl_federations WHERE name = ?").bind(0, name)
                .map((rs, ctx) -> new FederationRow(rs.getString(1), rs.getString(2), rs.getString(3))).findOne());
    }

    /** The node's id; a known name keeps its id and gets the new session. */
    String upsertNode(String federationId, String name, String sessionHash, String properties) {
        String fresh = Ids.newId(clock);
        long now = clock.millis();
        return db.inTransaction(h -> {
            Optional<String> id = h.createQuery("SELECT id FROM fl_nodes WHERE federation_id = ? AND name = ?")
                    .bind(0, federationId).bind(1, name).mapTo(String.class).findOne();
            if (id.isPresent()) {
                h.createUpdate("UPDATE fl_nodes SET session_hash = ?, properties = ? WHERE id = ?")
                        .bind(0, sessionHash).bind(1, properties).bind(2, id.get()).execute();
                return id.get();
            }
            h.createUpdate("INSERT INTO fl_nodes (id, federation_id, name, session_hash, properties, registered_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(0, fresh).bind(1, federationId).bind(2, name).bind(3, sessionHash).bind(4, properties).bind(5, now).execute();
            return fresh;
        });
    }

    Optional<NodeRow> node(String id) {
        return db.withHandle(h -> h.createQuery("SELECT id, federation_id, name, session_hash, properties FROM fl_nodes WHERE id = ?")
                .bind(0, id).map((rs, ctx) -> new NodeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .findOne());
    }

    List<NodeRow> nodes(String federationId) {
        return db.withHandle(h -> h.createQuery("SELECT id, federation_id, name, session_hash, properties FROM fl_nodes WHERE federation_id = ? ORDER BY name")
                .bind(0, federationId).map((rs, ctx) -> new NodeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list());
    }

    String insertTask(String federationId, String name, String spec) {
        String id = Ids.newId(clock);
        long now = clock.millis();
        db.useTransaction(h -> h.createUpdate("INSERT INTO fl_tasks (id, federation_id, name, spec, status, completed_rounds, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, 'running', 0, ?, ?)")
                .bind(0, id).bind(1, federationId).bind(2, name).bind(3, spec).bind(4, now).bind(5, now).execute());
        return id;
    }

    private static final String TASK_COLUMNS = "SELECT id, federation_id, name, spec, status, completed_rounds, run_id, message, paused_at, created_at FROM fl_tasks ";

    Optional<TaskRow> task(String id) {
        return db.withHandle(h -> h.createQuery(TASK_COLUMNS + "WHERE id = ?").bind(0, id).map(SqlStore::taskRow).findOne());
    }

    private static TaskRow taskRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        long paused = rs.getLong(9);
        Long pausedAt = rs.wasNull() ? null : paused; // before the other columns are read: wasNull is about the last one
        return new TaskRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getString(7), rs.getString(8), pausedAt, rs.getLong(10));
    }

    void setRunId(String taskId, String runId) {
        db.useTransaction(h -> h.createUpdate("UPDATE fl_tasks SET run_id = ?, updated_at = ? WHERE id = ?")
                .bind(0, runId).bind(1, clock.millis()).bind(2, taskId).execute());
    }

    /** Records a completed round and advances the task, guarded by the expected previous round. */
    void completeRound(String taskId, RoundRow r) {
        long now = clock.millis();
        db.useTransaction(h -> {
            int moved = h.createUpdate("UPDATE fl_tasks SET completed_rounds = ?, updated_at = ? WHERE id = ? AND completed_rounds = ?")
                    .bind(0, r.round()).bind(1, now).bind(2, taskId).bind(3, r.round() - 1).execute();
            if (moved != 1) {
                throw new ChorusException(ErrorCode.CONFLICT, "task " + taskId + " is not at round " + (r.round() - 1));
            }
            putRound(h, taskId, r, now);
        });
    }

    void abandonRound(String taskId, RoundRow r) {
        db.useTransaction(h -> putRound(h, taskId, r, clock.millis()));
    }

    private static void putRound(org.jdbi.v3.core.Handle h, String taskId, RoundRow r, long now) {
        h.createUpdate("DELETE FROM fl_rounds WHERE task_id = ? AND round_no = ?").bind(0, taskId).bind(1, r.round()).execute();
        h.createUpdate("INSERT INTO fl_rounds (task_id, round_no, attempts, status, participants, failures, bytes_in, bytes_out, revision, metrics,"
                        + " selected, outcomes, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, taskId).bind(1, r.round()).bind(2, r.attempts()).bind(3, r.status()).bind(4, r.participants())
                .bind(5, r.failures()).bind(6, r.bytesIn()).bind(7, r.bytesOut()).bind(8, r.revision()).bind(9, r.metrics())
                .bind(10, r.selected()).bind(11, r.outcomes()).bind(12, r.startedAt()).bind(13, now).execute();
    }

    void setRevision(String taskId, int round, String revision) {
        db.useTransaction(h -> h.createUpdate("UPDATE fl_rounds SET revision = ? WHERE task_id = ? AND round_no = ?")
                .bind(0, revision).bind(1, taskId).bind(2, round).execute());
    }

    List<RoundRow> rounds(String taskId) {
        return db.withHandle(h -> h.createQuery("SELECT round_no, attempts, status, participants, failures, bytes_in, bytes_out, revision, metrics,"
                        + " selected, outcomes, started_at, ended_at FROM fl_rounds WHERE task_id = ? ORDER BY round_no").bind(0, taskId)
                .map((rs, ctx) -> new RoundRow(rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getLong(6),
                        rs.getLong(7), rs.getString(8), rs.getString(9), rs.getObject(10) == null ? null : rs.getInt(10), rs.getString(11),
                        rs.getObject(12) == null ? null : rs.getLong(12), rs.getLong(13))).list());
    }

    /**
     * Ends a running task with {@code status}; returns whether it was running. A task that already ended keeps its
     * status, so a round loop finishing just as an administrator stops the task cannot undo the stop.
     */
    boolean finishTask(String taskId, String status, String message) {
        return db.inTransaction(h -> h.createUpdate("UPDATE fl_tasks SET status = ?, message = ?, updated_at = ? WHERE id = ? AND status = 'running'")
                .bind(0, status).bind(1, message).bind(2, clock.millis()).bind(3, taskId).execute()) == 1;
    }

    /** Pauses a running task that is not paused yet; false otherwise. */
    boolean pauseTask(String taskId) {
        long now = clock.millis();
        return db.inTransaction(h -> h.createUpdate("UPDATE fl_tasks SET paused_at = ?, updated_at = ? WHERE id = ? AND status = 'running' AND paused_at IS NULL")
                .bind(0, now).bind(1, now).bind(2, taskId).execute()) == 1;
    }

    /** Resumes a paused running task; false when it is not both. */
    boolean resumeTask(String taskId) {
        return db.inTransaction(h -> h.createUpdate("UPDATE fl_tasks SET paused_at = NULL, updated_at = ? WHERE id = ? AND status = 'running' AND paused_at IS NOT NULL")
                .bind(0, clock.millis()).bind(1, taskId).execute()) == 1;
    }

    /** Takes, or keeps, a running task's lease for {@code node} until {@code until}: when free, expired or already its own. */
    boolean claim(String taskId, String node, long now, long until) {
        return db.inTransaction(h -> h.createUpdate("UPDATE fl_tasks SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = 'running'"
                        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)")
                .bind(0, node).bind(1, until).bind(2, taskId).bind(3, node).bind(4, now).execute()) == 1;
    }

    /** Running tasks {@code node} could claim at {@code now}: never leased, lease expired, or its own. */
    List<String> claimable(String node, long now) {
        return db.withHandle(h -> h.createQuery("SELECT id FROM fl_tasks WHERE status = 'running'"
                        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?) ORDER BY created_at")
                .bind(0, node).bind(1, now).mapTo(String.class).list());
    }

    /**
     * Extends every lease {@code node} holds on a running task to {@code until} and returns those tasks. A lease that
     * expired is extended too unless another node took it meanwhile: the two updates are ordered by the database.
     */
    List<String> renewLeases(String node, long until) {
        return db.inTransaction(h -> {
            h.createUpdate("UPDATE fl_tasks SET lease_until = ? WHERE lease_owner = ? AND status = 'running'").bind(0, until).bind(1, node).execute();
            return h.createQuery("SELECT id FROM fl_tasks WHERE lease_owner = ? AND status = 'running'").bind(0, node).mapTo(String.class).list();
        });
    }

    /** Gives up {@code node}'s leases (a clean shutdown), so another node takes its tasks without waiting for expiry. */
    void releaseLeases(String node) {
        db.inTransaction(h -> h.createUpdate("UPDATE fl_tasks SET lease_until = 0 WHERE lease_owner = ? AND status = 'running'")
                .bind(0, node).execute());
    }

    /** Who holds a running task's lease, and until when (epoch ms). */
    record LeaseRow(String taskId, String owner, long until) {}

    /** The lease of a running task; empty when the task ended, or never was, or nobody holds it yet. */
    Optional<LeaseRow> lease(String taskId) {
        return db.withHandle(h -> h.createQuery("SELECT id, lease_owner, lease_until FROM fl_tasks WHERE id = ? AND status = 'running'"
                        + " AND lease_owner IS NOT NULL").bind(0, taskId).map(SqlStore::leaseRow).findOne());
    }

    /** The leases of the federation's running tasks, oldest task first. */
    List<LeaseRow> leases(String federationId) {
        return db.withHandle(h -> h.createQuery("SELECT id, lease_owner, lease_until FROM fl_tasks WHERE federation_id = ? AND status = 'running'"
                        + " AND lease_owner IS NOT NULL ORDER BY created_at").bind(0, federationId).map(SqlStore::leaseRow).list());
    }

    private static LeaseRow leaseRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        return new LeaseRow(rs.getString(1), rs.getString(2), rs.getLong(3));
    }

    /** Records (or renews) that {@code node}'s federated endpoint is at {@code address} until {@code until}. */
    void advertise(String node, String address, long now, long until) {
        db.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE fl_coordinators SET address = ?, heartbeat_at = ?, expires_at = ? WHERE node_id = ?")
                    .bind(0, address).bind(1, now).bind(2, until).bind(3, node).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO fl_coordinators (node_id, address, heartbeat_at, expires_at) VALUES (?, ?, ?, ?)")
                        .bind(0, node).bind(1, address).bind(2, now).bind(3, until).execute();
            }
        });
    }

    /** Where {@code node}'s federated endpoint is, if it advertised one that has not expired at {@code now}. */
    Optional<String> address(String node, long now) {
        return db.withHandle(h -> h.createQuery("SELECT address FROM fl_coordinators WHERE node_id = ? AND expires_at >= ?")
                .bind(0, node).bind(1, now).mapTo(String.class).findOne());
    }

    /** A stopping node withdraws its address. */
    void withdraw(String node) {
        db.useTransaction(h -> h.createUpdate("DELETE FROM fl_coordinators WHERE node_id = ?").bind(0, node).execute());
    }

    /** Writes when nodes were last seen, in one batch; a later time already stored (by another coordinator) is kept. */
    void touchNodes(Map<String, Long> lastSeen) {
        if (lastSeen.isEmpty()) {
            return;
        }
        db.useTransaction(h -> {
            var batch = h.prepareBatch("UPDATE fl_nodes SET last_seen_at = :t WHERE id = :id AND (last_seen_at IS NULL OR last_seen_at < :t)");
            lastSeen.forEach((id, t) -> batch.bind("t", t).bind("id", id).add());
            batch.execute();
        });
    }

    /** When each of the federation's nodes was last seen by any coordinator (nodes never seen are absent). */
    Map<String, Long> lastSeen(String federationId) {
        return db.withHandle(h -> h.createQuery("SELECT id, last_seen_at FROM fl_nodes WHERE federation_id = ? AND last_seen_at IS NOT NULL")
                .bind(0, federationId).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** How many nodes each federation has registered, by federation id. */
    Map<String, Integer> nodeCounts() {
        return db.withHandle(h -> h.createQuery("SELECT federation_id, COUNT(*) FROM fl_nodes GROUP BY federation_id")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getInt(2)))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

        /** Every task, newest first. */
    List<TaskRow> tasks() {
        return db.withHandle(h -> h.createQuery(TASK_COLUMNS + "ORDER BY created_at DESC, id DESC").map(SqlStore::taskRow).list());
    }

    /** Federations by name with their node and task counts. */
    List<Coordinator.FederationView> federations() {
        return db.withHandle(h -> h.createQuery("SELECT f.name, f.created_at, (SELECT COUNT(*) FROM fl_nodes n WHERE n.federation_id = f.id),"
                        + " (SELECT COUNT(*) FROM fl_tasks t WHERE t.federation_id = f.id) FROM fl_federations f ORDER BY f.name")
                .map((rs, ctx) -> new Coordinator.FederationView(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4))).list());
    }

    /** When each of the federation's nodes registered, by node id. */
    Map<String, Long> registeredAt(String federationId) {
        return db.withHandle(h -> h.createQuery("SELECT id, registered_at FROM fl_nodes WHERE federation_id = ?").bind(0, federationId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    Map<String, String> nodeNames(String federationId) {
        Map<String, String> out = new java.util.TreeMap<>();
        nodes(federationId).forEach(n -> out.put(n.id(), n.name()));
        return out;
    }
}
