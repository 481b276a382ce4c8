package org.chorus.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Federations and federated training tasks over Chorus's HTTP API (site admins); nodes themselves speak gRPC. */
public final class FederationsClient {
    private static final String API = "/api/chorus";

    /** A task as stored: its status (running, completed, failed), rounds done, tracking run and each round's metrics. */
    public record Task(String id, String name, String status, int completedRounds, String runId, String message, List<Round> rounds) {}

    public record Federation(String name, long createdAt, int nodes, int tasks) {}

    /** A node: {@code connected} when the coordinator heard from it within three heartbeats. */
    public record Node(String id, String name, long registeredAt, boolean connected) {}

    public record Round(int round, String status, int participants, String revision, Map<String, Double> metrics) {}

    private final Http http;

    FederationsClient(Http http) {
        this.http = http;
    }

    /** Creates a federation and returns its join token, which nodes present and which is shown only this once. */
    public String createFederation(String name) {
        return Models.str((Map<?, ?>) http.send("POST", API + "/federations", Map.of("name", name)), "joinToken");
    }

    /**
     * Starts a task from its specification as docs/federated.md describes it ({@code federation}, {@code name},
     * {@code baseRepo}, {@code baseRevision}, {@code strategy}, {@code rounds}, …) and returns its id.
     */
    public String createTask(Map<String, Object> spec) {
        return Models.str((Map<?, ?>) http.send("POST", API + "/federated/tasks", spec), "id");
    }

    public List<Federation> federations() {
        List<Federation> out = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", API + "/federations", null)) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Federation(Models.str(m, "name"), epochMillis(m.get("createdAt")), number(m.get("nodes")), number(m.get("tasks"))));
        }
        return out;
    }

    public List<Node> nodes(String federation) {
        List<Node> out = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", API + "/federations/" + HubClient.enc(federation) + "/nodes", null)) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.add(new Node(Models.str(m, "id"), Models.str(m, "name"), epochMillis(m.get("registeredAt")), Boolean.TRUE.equals(m.get("connected"))));
        }
        return out;
    }

    /** Every task, newest first, without rounds. */
    public List<Task> tasks() {
        List<Task> out = new ArrayList<>();
        for (Object o : (List<?>) http.send("GET", API + "/federated/tasks", null)) {
            out.add(task((Map<?, ?>) o));
        }
        return out;
    }

    public Task task(String id) {
        return task((Map<?, ?>) http.send("GET", API + "/federated/tasks/" + HubClient.enc(id), null));
    }

    /** Stops a running task for good (status cancelled); its completed rounds stay. */
    public Task stop(String id) {
        return act(id, "stop");
    }

    /** Pauses a running task: it finishes the round under way and holds before the next (status paused). */
    public Task pause(String id) {
        return act(id, "pause");
    }

    /** Lets a paused task go on from where it held. */
    public Task resume(String id) {
        return act(id, "resume");
    }

    private Task act(String id, String action) {
        return task((Map<?, ?>) http.send("POST", API + "/federated/tasks/" + HubClient.enc(id) + "/" + action, null));
    }

    private static Task task(Map<?, ?> m) {
        List<Round> rounds = new ArrayList<>();
        if (m.get("rounds") instanceof List<?> list) {
            for (Object o : list) {
                Map<?, ?> r = (Map<?, ?>) o;
                Map<String, Double> metrics = new TreeMap<>();
                if (r.get("metrics") instanceof Map<?, ?> mm) {
                    mm.forEach((k, v) -> metrics.put(String.valueOf(k), v instanceof Number n ? n.doubleValue() : Double.NaN));
                }
                rounds.add(new Round(number(r.get("round")), Models.str(r, "status"), number(r.get("participants")), Models.str(r, "revision"),
                        metrics));
            }
        }
        return new Task(Models.str(m, "id"), Models.str(m, "name"), Models.str(m, "status"), number(m.get("completedRounds")),
                Models.str(m, "runId"), Models.str(m, "message"), rounds);
    }

    private static long epochMillis(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }
}
