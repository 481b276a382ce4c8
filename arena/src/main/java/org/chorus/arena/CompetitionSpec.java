package org.chorus.arena;

import java.time.Instant;
import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.Names;
import org.chorus.hub.repos.RepoPaths;

/**
 * What a host sets when creating a competition. {@code k} is the cut-off of MAP@k and NDCG@k; {@code roundDigits}
 * applies in rounded mode; {@code publicPercent} of the test rows form the public split; {@code selectionLimit}
 * submissions per team count for the private leaderboard. {@code submissions} says whether participants send files of
 * predictions or hub model revisions; a model competition names its test inputs, a file in {@code datasetRepo}.
 */
public record CompetitionSpec(String name, String title, String description, String rules, String datasetRepo, Metric metric,
                              int k, BoardMode mode, int roundDigits, int publicPercent, int maxTeamSize, int selectionLimit,
                              boolean lateSubmissions, Instant mergeDeadline, List<Phase> phases, SubmissionKind submissions,
                              String testInputs) {
    static final int MAX_TEXT = 100_000;
    /** The last path segment of the create page, which a competition of that name would hide. */
    public static final String CREATE_PAGE = "new";

    public CompetitionSpec {
        Names.require("competition name", name);
        if (name.equalsIgnoreCase(CREATE_PAGE)) {
            throw ChorusException.invalid("competition name '" + name + "' is taken by the page that creates competitions (/competitions/new)");
        }
        requireText("title", title, 200);
        description = description == null ? "" : requireText("description", description, MAX_TEXT);
        rules = rules == null ? "" : requireText("rules", rules, MAX_TEXT);
        if (datasetRepo != null) {
            String[] parts = datasetRepo.split("/", -1);
            if (parts.length != 2) {
                throw ChorusException.invalid("datasetRepo must be owner/name");
            }
            Names.require("dataset owner", parts[0]);
            Names.require("dataset name", parts[1]);
        }
        if (metric == null || mode == null) {
            throw ChorusException.invalid("metric and mode are required");
        }
        if ((metric.family() == Metric.Family.RANKINGS) != (k > 0) || k > 1000) {
            throw ChorusException.invalid("k (1 to 1000) is set for map@k and ndcg@k and only for them");
        }
        if (mode == BoardMode.LADDER && !metric.decomposable()) {
            throw ChorusException.invalid("the ladder compares per-example losses; metric " + metric.wire() + " has none");
        }
        if (roundDigits < 0 || roundDigits > 10) {
            throw ChorusException.invalid("roundDigits must be between 0 and 10");
        }
        if (publicPercent < 1 || publicPercent > 99) {
            throw ChorusException.invalid("publicPercent must be between 1 and 99");
        }
        if (maxTeamSize < 1 || maxTeamSize > 100 || selectionLimit < 1 || selectionLimit > 10) {
            throw ChorusException.invalid("maxTeamSize must be 1 to 100 and selectionLimit 1 to 10");
        }
        if (phases == null || phases.isEmpty() || phases.size() > 10) {
            throw ChorusException.invalid("a competition needs 1 to 10 phases");
        }
        phases = List.copyOf(phases);
        submissions = submissions == null ? SubmissionKind.FILE : submissions;
        if (submissions == SubmissionKind.MODEL) {
            if (datasetRepo == null || testInputs == null) {
                throw ChorusException.invalid("a competition that takes models needs datasetRepo and testInputs, the test inputs' path in it");
            }
            if (metric.byWorker()) {
                throw ChorusException.invalid("the predictions of submitted models are scored by a built-in metric, not " + metric.wire());
            }
            RepoPaths.require(testInputs);
        } else if (testInputs != null) {
            throw ChorusException.invalid("testInputs is set only for competitions that take models (submissions: model)");
        }
        for (int i = 1; i < phases.size(); i++) {
            if (phases.get(i).startsAt().isBefore(phases.get(i - 1).endsAt())) {
                throw ChorusException.invalid("phase '" + phases.get(i).name() + "' starts before the phase before it ends");
            }
        }
    }

    /** A competition that takes files of predictions (the default). */
    public CompetitionSpec(String name, String title, String description, String rules, String datasetRepo, Metric metric, int k, BoardMode mode,
                           int roundDigits, int publicPercent, int maxTeamSize, int selectionLimit, boolean lateSubmissions,
                           Instant mergeDeadline, List<Phase> phases) {
        this(name, title, description, rules, datasetRepo, metric, k, mode, roundDigits, publicPercent, maxTeamSize, selectionLimit,
                lateSubmissions, mergeDeadline, phases, SubmissionKind.FILE, null);
    }

    /** Whether the competition's registered workers take its jobs (a custom metric, or models to run), not this server. */
    public boolean byWorkers() {
        return metric.byWorker() || submissions == SubmissionKind.MODEL;
    }

    private static String requireText(String what, String text, int max) {
        if (text == null || text.isBlank() || text.length() > max) {
            throw ChorusException.invalid(what + " must be 1 to " + max + " characters");
        }
        return text;
    }
}
