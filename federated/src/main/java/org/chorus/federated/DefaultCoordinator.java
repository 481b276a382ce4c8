package org.chorus.federated;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.db.Database;
import org.chorus.federated.strategy.Strategy;

/** The coordinator's state in one place: SQL store, connected nodes, open phases, running loops. */
final class DefaultCoordinator implements Coordinator {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DefaultCoordinator.class);
    /** An instruction handed to a node. */
    record Offer(Phase phase) {}

    record Registered(String nodeId, String federationId, String sessionToken) {}

    /** fl_federations.name's width. */
    private static final int MAX_FEDERATION_NAME = 96;

    final SqlStore store;
    final NodeRegistry registry;
    final Ports ports;
    final CoordinatorConfig config;
    final Clock clock;
    /** Open phases by model ref; a synchronous task has one at a time, a FedBuff task one per step still within its staleness bound. */
    private final Map<String, Phase> open = new ConcurrentHashMap<>();
    private final Map<String, TaskRunner> runners = new ConcurrentHashMap<>();
    private final TaskLease lease;
    private final ScheduledExecutorService leases;
    final HeartbeatPace pace;
    final OwnerForwarding forwarding;
    /** Where this coordinator's gRPC endpoint is, for the others; null until advertised. */
    private volatile String address;
    private volatile boolean closed;

    private DefaultCoordinator(Database db, Ports ports, CoordinatorConfig config, Clock clock, TaskLease lease) {
        this.store = new SqlStore(db, clock);
        this.registry = new NodeRegistry(store);
        this.ports = ports;
        this.config = config;
        this.clock = clock;
        this.lease = lease;
        this.leases = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fl-leases").factory());
        this.pace = new HeartbeatPace(config.heartbeatIntervalMs(), config.maxHeartbeatsPerSecond());
        this.forwarding = new OwnerForwarding(this);
    }

    static Coordinator start(Database db, Ports ports, CoordinatorConfig config, Clock clock, TaskLease lease) {
        DefaultCoordinator c = new DefaultCoordinator(db, ports, config, clock, lease);
        c.tick();
        long period = Math.max(100, lease.ttl().toMillis() / 3);
        c.leases.scheduleWithFixedDelay(c::tickLeasesSafely, period, period, TimeUnit.MILLISECONDS);
        return c;
    }

    private void tickLeasesSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("renewing federated task leases failed; retrying", e); // a database hiccup: the next tick retries
        }
    }

    /**
     * Renews this node's leases and advertised address, stops tasks whose lease another node took (this node was too
     * slow to renew), claims running tasks whose lease expired (their node died, and they resume here from the last
     * committed round), writes when nodes were last seen and refreshes the heartbeat pace.
     */
    void tick() {
        if (closed) {
            return;
        }
        long now = clock.millis();
        long until = now + lease.ttl().toMillis();
        String advertised = address;
        if (advertised != null) {
            store.advertise(lease.nodeId(), advertised, now, until);
        }
        java.util.Set<String> held = new java.util.HashSet<>(store.renewLeases(lease.nodeId(), until));
        for (String taskId : List.copyOf(runners.keySet())) {
            if (!held.contains(taskId)) {
                TaskRunner lost = runners.remove(taskId);
                if (lost != null) {
                    LOG.warn("task {}: lease lost to another node; stopping here", taskId);
                    lost.stop();
                    open.values().removeIf(p -> p.taskId.equals(taskId));
                }
            }
        }
        for (String taskId : store.claimable(lease.nodeId(), now)) {
            takeOver(taskId);
        }
        Map<String, Long> seen = registry.unflushed();
        store.touchNodes(seen);
        registry.flushed(seen);
        pace.refresh(store.nodeCounts());
    }

    /** Claims and runs a task that is new, or whose lease expired or is already this node's; a no-op otherwise. */
    void takeOver(String taskId) {
        long now = clock.millis();
        if (!closed && !runners.containsKey(taskId) && store.claim(taskId, lease.nodeId(), now, now + lease.ttl().toMillis())) {
            launch(taskId);
        }
    }

    String nodeId() {
        return lease.nodeId();
    }

    @Override
    public void advertise(String grpcAddress) {
        String problem = grpcAddress == null ? "an advertised address is host:port" : NodeInputs.textProblem("advertised address", grpcAddress, 255);
        if (problem != null || !grpcAddress.matches("[A-Za-z0-9._:\\[\\]-]+:[0-9]{1,5}")) {
            throw ChorusException.invalid(problem != null ? problem : "an advertised address is host:port, got " + NodeInputs.printable(grpcAddress));
        }
        address = grpcAddress;
        long now = clock.millis();
        store.advertise(lease.nodeId(), grpcAddress, now, now + lease.ttl().toMillis());
    }

    @Override
    public String createFederation(String name) {
        String problem = name == null ? "a federation needs a name" : NodeInputs.textProblem("federation name", name, MAX_FEDERATION_NAME);
        if (problem != null) {
            throw ChorusException.invalid(problem);
        }
        if (store.federation(name).isPresent()) {
            throw new ChorusException(ErrorCode.ALREADY_EXISTS, "federation " + name + " already exists");
        }
        String token = Secrets.newSecret();
        store.createFederation(name, Secrets.hash(token));
        return token;
    }

    @Override
    public String startTask(TaskSpec spec) {
        RoundPrivacy.validate(spec, Strategy.create(spec.strategy(), spec.strategyParams()));
        SqlStore.FederationRow f = store.federation(spec.federation())
                .orElseThrow(() -> ChorusException.notFound("no federation " + spec.federation()));
        String id = store.insertTask(f.id(), spec.name(), Json.write(spec));
        long now = clock.millis();
        if (store.claim(id, lease.nodeId(), now, now + lease.ttl().toMillis())) {
            launch(id);
        }
        return id;
    }

    private void launch(String taskId) {
        if (closed) {
            throw new ChorusException(ErrorCode.UNAVAILABLE, "the coordinator is closed");
        }
        TaskRunner runner = new TaskRunner(this, taskId);
        if (runners.putIfAbsent(taskId, runner) == null) { // the lease ticker, startTask and nodes' calls may all reach a task
            LOG.info("task {}: running on node {}", taskId, lease.nodeId());
            runner.start();
        }
    }

    @Override
    public TaskView task(String taskId) {
        if (!NodeInputs.plausibleId(taskId)) {
            throw ChorusException.notFound("no such task"); // without a query, nor the text in the answer
        }
        SqlStore.TaskRow t = store.task(taskId).orElseThrow(() -> ChorusException.notFound("no such task"));
        return view(t, roundViews(t));
    }

    @Override
    public List<FederationView> federations() {
        return store.federations();
    }

    @Override
    public List<TaskView> tasks() {
        return store.tasks().stream().map(t -> view(t, List.of())).toList();
    }

    private static TaskView view(SqlStore.TaskRow t, List<RoundView> rounds) {
        return new TaskView(t.id(), t.name(), t.shownStatus(), t.completedRounds(), t.runId(), t.message(), rounds, Json.spec(t.spec()),
                t.createdAt(), t.pausedAt());
    }

    @Override
    public List<NodeView> nodes(String federation) {
        String problem = federation == null ? "a federation needs a name" : NodeInputs.textProblem("federation name", federation, MAX_FEDERATION_NAME);
        if (problem != null) {
            throw ChorusException.invalid(problem);
        }
        SqlStore.FederationRow f = store.federation(federation).orElseThrow(() -> ChorusException.notFound("no such federation"));
        java.util.Set<String> alive = new java.util.HashSet<>(alive(f.id()));
        Map<String, Long> registered = store.registeredAt(f.id());
        Map<String, Long> seen = store.lastSeen(f.id());
        return store.nodes(f.id()).stream().map(n -> {
            Map<String, String> props = Json.strings(n.properties());
            List<String> capabilities = java.util.stream.Stream.of("secagg", "dp").filter(c -> "true".equals(props.get(c))).toList();
            return new NodeView(n.id(), n.name(), registered.getOrDefault(n.id(), 0L), alive.contains(n.id()), latest(registry.lastSeen(n.id()), seen.get(n.id())),
                    props.get("sdk"), props.get("language"), capabilities, props);
        }).toList();
    }

    private static Long latest(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }

    /** The federation's nodes seen within three heartbeats, here or (as written to SQL) by another coordinator. */
    List<String> alive(String federationId) {
        long now = clock.millis();
        long liveness = pace.livenessMs(federationId);
        java.util.Set<String> out = new java.util.LinkedHashSet<>(registry.alive(federationId, now, liveness));
        store.lastSeen(federationId).forEach((id, at) -> {
            if (now - at <= liveness) {
                out.add(id);
            }
        });
        return List.copyOf(out);
    }

    @Override
    public TaskView stop(String taskId) {
        TaskView before = task(taskId);
        if (!store.finishTask(taskId, "cancelled", "stopped after round " + before.completedRounds())) {
            throw new ChorusException(ErrorCode.CONFLICT, "task " + taskId + " is " + task(taskId).status() + ", not running");
        }
        TaskRunner runner = runners.remove(taskId);
        if (runner != null) {
            runner.stop();
        }
        open.values().removeIf(p -> p.taskId.equals(taskId));
        if (before.runId() != null) {
            ports.tracking().finishRun(before.runId(), "KILLED");
        }
        return task(taskId);
    }

    @Override
    public TaskView pause(String taskId) {
        return change(taskId, store::pauseTask, "not running");
    }

    @Override
    public TaskView resume(String taskId) {
        return change(taskId, store::resumeTask, "not paused");
    }

    /** Applies a conditional update to the task's row; a task it does not apply to is a CONFLICT, {@code refusal} says why. */
    private TaskView change(String taskId, java.util.function.Predicate<String> update, String refusal) {
        TaskView before = task(taskId);
        if (!update.test(taskId)) {
            throw new ChorusException(ErrorCode.CONFLICT, "task " + taskId + " is " + before.status() + ", " + refusal);
        }
        return task(taskId);
    }

    List<RoundView> roundViews(String taskId) {
        return roundViews(store.task(taskId).orElseThrow(() -> ChorusException.notFound("no such task")));
    }

    /** The task's rounds with each failed node named (names as registered; ids of nodes since removed stay ids). */
    private List<RoundView> roundViews(SqlStore.TaskRow task) {
        Map<String, String> names = store.nodeNames(task.federationId());
        return store.rounds(task.id()).stream().map(r -> {
            List<NodeResult> dropped = new java.util.ArrayList<>();
            List<NodeResult> rejected = new java.util.ArrayList<>();
            for (RoundOutcomes.NodeOutcome o : Json.outcomes(r.outcomes())) {
                (o.dropped() ? dropped : rejected).add(new NodeResult(o.node(), names.getOrDefault(o.node(), o.node()), o.stage(), o.reason()));
            }
            return new RoundView(r.round(), r.status(), r.attempts(), r.participants(), r.failures(), r.bytesIn(), r.bytesOut(), r.revision(),
                    Json.metrics(r.metrics()), r.selected(), List.copyOf(dropped), List.copyOf(rejected), r.startedAt(), r.endedAt());
        }).toList();
    }

    @Override
    public TaskView await(String taskId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        TaskView v = task(taskId);
        while ((v.status().equals("running") || v.status().equals("paused")) && System.nanoTime() < end) {
            TaskRunner here = runners.get(taskId);
            if (here == null) {
                Thread.sleep(20); // run by another node, or between rounds of a takeover: only SQL tells
            } else {
                // run here: its thread's end is the news, so wait on it instead of reading the task from SQL 50 times a second
                // (that polling was several % of a simulation's CPU); a status changed from outside (pause, cancel) is seen within 250 ms
                here.awaitEnd(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
            }
            v = task(taskId);
        }
        return v;
    }

    @Override
    public int connectedNodes() {
        return registry.size();
    }

    @Override
    public void close() {
        halt();
        store.releaseLeases(lease.nodeId());
        if (address != null) {
            store.withdraw(lease.nodeId());
        }
    }

    /** Stops every loop and the lease ticker without giving leases up, as a killed process would (tests of takeover). */
    void halt() {
        closed = true;
        leases.shutdownNow();
        try {
            leases.awaitTermination(5, TimeUnit.SECONDS); // a tick under way finishes before the caller closes the database
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.values().forEach(TaskRunner::stop);
        runners.clear();
        open.clear();
        forwarding.close();
    }

    // ---- what the round loops use

    void openPhase(Phase p) {
        open.put(p.modelRef, p);
    }

    void closePhase(Phase p) {
        open.remove(p.modelRef, p);
    }

    /** Whether this coordinator has {@code modelRef}'s phase open (a node's download or result for it is served here). */
    boolean hasOpen(String modelRef) {
        return open.containsKey(modelRef);
    }

    /** Whether one of {@code taskId}'s phases is open here. */
    boolean runsOpenPhase(String taskId) {
        return open.values().stream().anyMatch(p -> p.taskId.equals(taskId));
    }

    boolean isOpen(Phase p) {
        return open.get(p.modelRef) == p;
    }

    void finished(String taskId) {
        runners.remove(taskId);
    }

    // ---- what nodes call, through the gRPC adapter

    Registered register(String federation, String joinToken, String nodeName, Map<String, String> properties) {
        NodeInputs.checkFederationName(federation);
        SqlStore.FederationRow f = store.federation(federation)
                .filter(row -> Secrets.matches(joinToken, row.tokenHash()))
                .orElseThrow(() -> new ChorusException(ErrorCode.UNAUTHENTICATED, "unknown federation or wrong join token"));
        NodeInputs.checkRegistration(nodeName, properties);
        String session = Secrets.newSecret();
        String hash = Secrets.hash(session);
        String id = store.upsertNode(f.id(), nodeName, hash, Json.write(properties));
        registry.put(new NodeRegistry.Node(id, f.id(), nodeName, hash, clock.millis()));
        return new Registered(id, f.id(), session);
    }

    NodeRegistry.Node authenticate(String nodeId, String sessionToken) {
        return registry.authenticate(nodeId, sessionToken, clock.millis());
    }

    /** Pace steering: how long an idle node should wait before pulling again. */
    long retryAfterMs() {
        long spread = (long) Math.ceil(registry.size() * 1000.0 / Math.max(1, config.maxPullsPerSecond()));
        return Math.max(config.pollIntervalMs(), spread);
    }

    Optional<Offer> pull(NodeRegistry.Node node) {
        for (Phase p : open.values()) {
            if (p.wants(node.id)) {
                return Optional.of(new Offer(p));
            }
        }
        return Optional.empty();
    }

    /** The open phase whose model {@code node} may download: only a node selected for it may, as for its results. */
    Phase phaseFor(NodeRegistry.Node node, String taskId, String modelRef) {
        Phase p = open.get(modelRef);
        if (p == null || !p.taskId.equals(taskId) || !p.selects(node.id)) {
            throw ChorusException.notFound("model " + modelRef + " is not current for task " + taskId + " or not for this node");
        }
        return p;
    }

    /** The open phase a result is for, or the reason it cannot be taken. */
    Phase admit(NodeRegistry.Node node, String taskId, int round, Phase.Kind kind) {
        // the phase the result names, else the newest one, whose admit explains the mismatch
        Phase p = open.values().stream().filter(o -> o.taskId.equals(taskId))
                .max(Comparator.<Phase>comparingInt(o -> o.round == round && o.kind == kind ? 1 : 0).thenComparingInt(o -> o.round))
                .orElseThrow(() -> new ChorusException(ErrorCode.CONFLICT, "task " + NodeInputs.printable(taskId) + " has no open round"));
        String reason = p.admit(node.id, round, kind);
        if (reason != null) {
            throw new ChorusException(ErrorCode.CONFLICT, reason);
        }
        return p;
    }
}
