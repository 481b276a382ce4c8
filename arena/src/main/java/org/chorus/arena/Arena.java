package org.chorus.arena;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Repos;
import org.chorus.jobs.Job;
import org.chorus.jobs.Jobs;

/**
 * Competitions with a hidden solution. Participants join (accepting the rules) as a team, submit predictions that
 * are checked before they count, and see the public leaderboard; scoring runs as jobs (queue {@link #queue}) that
 * this node's in-process worker takes right after a submission, or any worker that holds the lease. The host and
 * site admins see exact and private scores; everyone else sees the private leaderboard only once it is closed.
 */
public interface Arena {
    /** The largest solution or submission file: both are held in memory while parsed. */
    int MAX_FILE_BYTES = 64 << 20;

    /** An arena without the hub: competitions that take models refuse every submission. */
    static Arena create(Database db, Jobs jobs, Clock clock) {
        return new SqlArena(db, jobs, clock, new ModelRepos(null));
    }

    /** An arena whose model submissions name revisions of the hub's model repositories. */
    static Arena create(Database db, Jobs jobs, Clock clock, Repos repos) {
        return new SqlArena(db, jobs, clock, new ModelRepos(repos));
    }

    /** The job queue of a competition's scoring. */
    String QUEUE_PREFIX = "arena.";

    static String queue(String competitionId) {
        return QUEUE_PREFIX + competitionId;
    }

    /** Creates a competition; its {@code datasetRepo}, if set, must be a public dataset repository on the hub (else 400). */
    Competition create(Principal host, CompetitionSpec spec);

    /**
     * The competition's dataset repository ({@code owner/name}) if the viewer (empty: anonymous) may read it now. It was
     * public when the competition was created, but its owner may since have made it private or deleted it: then it is
     * shown only to those who can still read it, so the competition never publishes a private repository's name.
     */
    Optional<String> dataset(Optional<Principal> viewer, Competition competition);

    List<Competition> list();

    Competition get(String name);

    /** Stores (or replaces) the solution; returns the competition with its test rows. Host or site admin only. */
    Competition uploadSolution(Principal caller, String competition, byte[] csv);

    /** Joins the competition in a new team of one, accepting its rules; the team is named {@code team} or after the user. */
    String join(Principal caller, String competition, boolean acceptRules, String team);

    /** Invites a user to the caller's team. */
    void invite(Principal caller, String competition, String user);

    /**
     * Accepts {@code team}'s invitation, accepting the rules: a user in no team joins it; a user in a team merges that
     * whole team into it (its members and submissions), allowed before the merge deadline, within the maximum team
     * size, and only if the merged team's submissions number at most the daily cap × the days since the start (Kaggle's
     * rule). Returns the team's name.
     */
    String accept(Principal caller, String competition, String team, boolean acceptRules);

    /** Leaves the caller's team, which must not have submitted yet (else the cap could be reset by leaving). */
    void leave(Principal caller, String competition);

    /** Checks, stores and scores a submission; its score is in the answer when the in-process worker could score it at once. */
    Submission submit(Principal caller, String competition, byte[] csv, String message);

    /**
     * Submits a model to a competition that takes models: {@code revision} (a branch, tag or commit; {@code main} when
     * null) of the model repository {@code model} ({@code owner/name}), which the caller must be able to read (else
     * REPO_NOT_FOUND, as for a missing one). The same checks and cap as a file's; the competition's workers run the
     * resolved commit on the test inputs and return predictions, which are checked and scored here.
     */
    Submission submitModel(Principal caller, String competition, String model, String revision, String message);

    /** The caller's team's submissions, newest first (all of them, with exact scores, for the host). */
    List<Submission> submissions(Principal caller, String competition);

    /** Marks a submission of the caller's team for the final (at most the competition's selection limit). */
    Submission select(Principal caller, String competition, String submissionId, boolean selected);

    List<Standing> publicBoard(String competition);

    /** The private leaderboard with shake-up: for everyone after close, for the host and site admins before. */
    List<Standing> privateBoard(Optional<Principal> caller, String competition);

    Competition close(Principal caller, String competition);

    /** The competition's scoring jobs, newest first: host and site admins only. */
    List<Job> jobs(Principal caller, String competition);

    /**
     * Scores, in this process, every ready job of the competitions scored by a built-in metric: retries whose back-off
     * has passed and jobs whose scorer died with the lease (a submission normally is scored as it arrives). Any node
     * may run it at any time; leases keep two nodes from scoring one job. Returns how many it scored.
     */
    int scoreDue();
}
