package org.chorus.server.web.arena;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.chorus.arena.ArenaReads;
import org.chorus.arena.Phase;
import org.chorus.arena.Standing;
import org.chorus.arena.Submission;
import org.chorus.arena.Workers;
import org.chorus.jobs.Job;
import org.chorus.server.web.Shell;

/** The competition pages' views. Scores reach them only through {@link org.chorus.arena.Arena}, which decides what a caller sees. */
public final class ArenaViews {
    private ArenaViews() {}

    /** A score as the pages print it (the API's JSON carries the full double). */
    public static String score(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.5f", v);
    }

    public record Row(String title, String href, String host, String metric, String state, Instant endsAt) {}

    public record ListPage(Shell shell, List<Row> competitions) {}

    public record Tab(String label, String href, boolean current) {}

    public record Fact(String name, String value) {}

    public record Overview(Shell shell, ArenaWeb.Header header, String descriptionHtml, String datasetRepo, String datasetHref, List<Fact> facts,
                           List<Phase> phases) {}

    /** {@code team}: the caller's team, null when the caller has not joined (then the form to accept the rules shows). */
    public record Rules(Shell shell, ArenaWeb.Header header, String rulesHtml, String team, String error) {}

    /** {@code notice}: why no standings show (the private board before close), else null. */
    public record Board(Shell shell, ArenaWeb.Header header, boolean privateSplit, boolean privateAvailable, String notice, List<Standing> standings,
                        ScoreChart chart, String metric) {}

    /** {@code team} null when the caller has not joined. */
    public record Team(Shell shell, ArenaWeb.Header header, ArenaReads.MyTeam team, List<String> invitations, String error) {}

    /** {@code host}: the caller sees every team's submissions with exact scores. */
    public record Submissions(Shell shell, ArenaWeb.Header header, boolean joined, boolean host, boolean closed, List<Submission> submissions, int selectionLimit,
                              long selected, String error, boolean models) {}

    public record Host(Shell shell, ArenaWeb.Header header, Integer testRows, boolean closed, List<Job> jobs, boolean byWorkers,
                       List<Workers.Registered> workers, Workers.Issued issued, String error) {}

    /** The new-competition form, as typed (a refused one comes back with the API's message in {@code error}). */
    public record Form(String name, String title, String description, String rules, String datasetRepo, String metric, String k, String mode,
                       String roundDigits, String publicPercent, String maxTeamSize, String selectionLimit, boolean lateSubmissions,
                       String mergeDeadline, List<PhaseRow> phases, String error, boolean models, String testInputs) {
        /** The form as typed, shown again with the refusal's message. */
        Form refused(String message) {
            return new Form(name, title, description, rules, datasetRepo, metric, k, mode, roundDigits, publicPercent, maxTeamSize,
                    selectionLimit, lateSubmissions, mergeDeadline, phases, message, models, testInputs);
        }
    }

    public record PhaseRow(String name, String start, String end, String dailyCap) {}

    public record NewCompetition(Shell shell, Form form, List<String> metrics, List<String> modes) {}
}
