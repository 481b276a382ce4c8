package org.chorus.server.fl;

import java.util.List;
import java.util.Map;
import org.chorus.federated.Coordinator;
import org.chorus.federated.PrivacySpec;

/**
 * A task's round timeline as {@code GET /api/chorus/federated/tasks/{id}/rounds} answers it and the task page shows it:
 * per round who was selected, reported, dropped out or was rejected (with the reason), how long it took, accuracy and
 * loss (evaluation's when the round was evaluated, else training's), and ε spent so far against the task's budget.
 */
public record TaskRounds(String taskId, String status, int rounds, Double epsilonBudget, Double delta, List<Round> timeline) {

    /** {@code epsilonSpent}: the privacy accountant's ε after this round (null without differential privacy). */
    public record Round(int round, String status, int attempts, Integer selected, int reported, List<Coordinator.NodeResult> dropped,
                        List<Coordinator.NodeResult> rejected, Long durationMs, Double accuracy, Double loss, Double epsilonSpent,
                        String revision, Map<String, Double> metrics) {}

    public static TaskRounds of(Coordinator.TaskView task) {
        PrivacySpec privacy = task.spec().privacy();
        Double budget = privacy == null || privacy.epsilonBudget() == 0 ? null : privacy.epsilonBudget();
        List<Round> timeline = task.rounds().stream().map(r -> new Round(r.round(), r.status(), r.attempts(), r.selected(), r.participants(),
                r.dropped(), r.rejected(), r.durationMs(), first(r.metrics(), "eval_accuracy", "train_accuracy"),
                first(r.metrics(), "eval_loss", "train_loss"), r.metrics().get("dp_epsilon"), r.revision(), r.metrics())).toList();
        return new TaskRounds(task.id(), task.status(), task.spec().rounds(), budget, privacy == null ? null : privacy.delta(), timeline);
    }

    private static Double first(Map<String, Double> metrics, String... keys) {
        for (String k : keys) {
            Double v = metrics.get(k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
