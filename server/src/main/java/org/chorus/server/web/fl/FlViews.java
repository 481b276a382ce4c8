package org.chorus.server.web.fl;

import java.time.Instant;
import java.util.List;
import org.chorus.federated.Coordinator;
import org.chorus.server.fl.TaskRounds;
import org.chorus.server.web.Shell;

/** The federated pages' views: federations with their nodes, the task list with its form, one task. */
public final class FlViews {
    private FlViews() {}

    /** {@code lastSeen} null when this server has not heard from the node since it started. */
    public record NodeRow(String name, boolean online, String sdk, String language, List<String> capabilities, Instant registered, Instant lastSeen) {}

    public record Federation(String name, Instant created, int tasks, List<NodeRow> nodes) {}

    public record Federations(Shell shell, List<Federation> federations) {}

    public record TaskRow(String name, String href, String status, int completedRounds, int rounds, String federation, Instant created) {}

    /** The form's values, so a refused task comes back as it was typed; {@code error} is the API's message. */
    public record TaskForm(String federation, String name, String baseRepo, String baseRevision, String publishRepo, String strategy, String rounds,
                           String clientsPerRound, String minClients, String roundTimeoutS, String privacy, String noiseMultiplier,
                           String clipNorm, String epsilonBudget, String error) {
        static TaskForm empty() {
            return new TaskForm("", "", "", "main", "", "fedavg", "5", "3", "2", "600", "none", "1.0", "1.0", "0", null);
        }
    }

    public record Tasks(Shell shell, List<TaskRow> tasks, List<String> federations, List<String> strategies, TaskForm form) {}

    /** One line of the configuration table. */
    public record Setting(String name, String value) {}

    /** A round's checkpoint on the hub (null when the task publishes nowhere or the round was abandoned). */
    public record RoundLine(TaskRounds.Round round, String checkpointHref) {}

    /**
     * The live part of the task page, swapped every few seconds while the task runs ({@code pollHref} null once it ended);
     * {@code runHref} null until the task's tracking run exists (its first round starts it), or when the run was deleted.
     */
    public record Live(String taskId, String status, String message, int completedRounds, int rounds, List<RoundLine> timeline, RoundChart chart,
                       Double epsilonSpent, Double epsilonBudget, Integer epsilonPercent, String runId, String runHref, String pollHref, String csrf) {}

    public record Task(Shell shell, String id, String name, String federation, Instant created, List<Setting> settings, String publishRepo,
                       String publishHref, String publishCommitsHref, Live live) {}

    static boolean active(Coordinator.TaskView t) {
        return t.status().equals("running") || t.status().equals("paused");
    }
}
