package org.chorus.arena;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.core.Ids;
import org.chorus.core.Names;
import org.chorus.core.db.Database;
import org.chorus.hub.accounts.Principal;
import org.chorus.jobs.Job;
import org.chorus.jobs.Jobs;
import org.chorus.jobs.NewJob;
import org.jdbi.v3.core.Handle;

final class SqlArena implements Arena {
    private static final int SCORING_ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Jobs jobs;
    private final Clock clock;
    private final Solutions solutions = new Solutions();
    private final Scorer scorer;
    private final Boards boards;
    private final ModelRepos models;

    SqlArena(Database db, Jobs jobs, Clock clock, ModelRepos models) {
        this.db = db;
        this.models = models;
        this.jobs = jobs;
        this.clock = clock;
        this.scorer = new Scorer(db, jobs, solutions);
        this.boards = new Boards(db);
    }

    @Override
    public Competition create(Principal host, CompetitionSpec spec) {
        host.requireWriteToken();
        // Read as an anonymous visitor would: the overview links it for everyone, and workers get the test inputs that way
        if (spec.datasetRepo() != null && !models.datasetReadable(Optional.empty(), spec.datasetRepo())) {
            throw ChorusException.invalid("datasetRepo " + spec.datasetRepo() + " is not a public dataset repository on this hub");
        }
        long now = clock.millis();
        String id = Ids.newId(clock);
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO arena_competitions (id, name, name_key, title, description, rules, dataset_repo, host_id, metric,"
                            + " metric_k, board_mode, round_digits, public_percent, split_seed, max_team_size, selection_limit, late_submissions,"
                            + " merge_deadline, created_at, submissions, test_inputs) VALUES (:id, :name, :key, :title, :description, :rules, :dataset,"
                            + " :host, :metric, :k, :mode, :digits, :pct, :seed, :team, :selection, :late, :merge, :now, :submissions, :inputs)")
                    .bind("id", id).bind("name", spec.name()).bind("key", spec.name().toLowerCase(Locale.ROOT)).bind("title", spec.title())
                    .bind("description", spec.description()).bind("rules", spec.rules()).bind("dataset", spec.datasetRepo())
                    .bind("host", host.user().id()).bind("metric", spec.metric().wire()).bind("k", spec.k()).bind("mode", spec.mode().wire())
                    .bind("digits", spec.roundDigits()).bind("pct", spec.publicPercent()).bind("seed", RANDOM.nextLong())
                    .bind("team", spec.maxTeamSize()).bind("selection", spec.selectionLimit()).bind("late", spec.lateSubmissions() ? 1 : 0)
                    .bind("merge", spec.mergeDeadline() == null ? null : spec.mergeDeadline().toEpochMilli()).bind("now", now)
                    .bind("submissions", spec.submissions().wire()).bind("inputs", spec.testInputs()).execute();
            for (int i = 0; i < spec.phases().size(); i++) {
                Phase p = spec.phases().get(i);
                h.createUpdate("INSERT INTO arena_phases (competition_id, seq, name, starts_at, ends_at, daily_cap) VALUES (:c, :s, :n, :a, :b, :cap)")
                        .bind("c", id).bind("s", i).bind("n", p.name()).bind("a", p.startsAt().toEpochMilli()).bind("b", p.endsAt().toEpochMilli())
                        .bind("cap", p.dailyCap()).execute();
            }
        });
        return get(spec.name());
    }

    @Override
    public Optional<String> dataset(Optional<Principal> viewer, Competition competition) {
        return Optional.ofNullable(competition.spec().datasetRepo()).filter(repo -> models.datasetReadable(viewer, repo));
    }

    @Override
    public List<Competition> list() {
        return db.withHandle(Stored::all).stream().map(Stored::view).toList();
    }

    @Override
    public Competition get(String name) {
        return db.withHandle(h -> Stored.load(h, name)).view();
    }

    @Override
    public Competition uploadSolution(Principal caller, String competition, byte[] csv) {
        Stored c = db.withHandle(h -> Stored.load(h, competition));
        c.requireHost(caller);
        caller.requireWriteToken();
        requireSize(csv, "solution");
        Solution parsed = Solution.parse(csv, c.spec().metric(), c.spec().publicPercent(), c.seed());
        db.useTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM arena_submissions WHERE competition_id = :c").bind("c", c.id()).mapTo(Long.class).one() > 0) {
                throw new ChorusException(ErrorCode.CONFLICT, "submissions were already scored against the current solution; it can no longer change");
            }
            long version = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM arena_solutions WHERE competition_id = :c").bind("c", c.id())
                    .mapTo(Long.class).one() + 1;
            h.createUpdate("DELETE FROM arena_solutions WHERE competition_id = :c").bind("c", c.id()).execute();
            h.createUpdate("INSERT INTO arena_solutions (competition_id, content, row_count, version) VALUES (:c, :b, :n, :v)")
                    .bind("c", c.id()).bind("b", csv).bind("n", parsed.rows()).bind("v", version).execute();
        });
        return get(competition);
    }

    @Override
    public String join(Principal caller, String competition, boolean acceptRules, String team) {
        caller.requireWriteToken();
        if (!acceptRules) {
            throw ChorusException.invalid("joining accepts the competition's rules: send acceptRules: true");
        }
        String teamName = Names.require("team name", team == null ? caller.user().name() : team);
        return db.inTransaction(h -> {
            Stored c = open(h, competition);
            Optional<String> existing = Teams.teamName(h, c.id(), caller.user().id());
            if (existing.isPresent()) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, "you are already in team '" + existing.get() + "' of " + c.spec().name());
            }
            Teams.create(h, c.id(), teamName, caller.user().id(), clock.millis(), Ids.newId(clock));
            return teamName;
        });
    }

    @Override
    public void invite(Principal caller, String competition, String user) {
        caller.requireWriteToken();
        db.useTransaction(h -> {
            Stored c = open(h, competition);
            String teamId = Teams.teamId(h, c.id(), caller.user().id())
                    .orElseThrow(() -> new ChorusException(ErrorCode.PERMISSION_DENIED, "join " + c.spec().name() + " before inviting"));
            String invitee = h.createQuery("SELECT id FROM accounts WHERE name_key = :n AND kind = 'user'")
                    .bind("n", Names.require("user", user).toLowerCase(Locale.ROOT)).mapTo(String.class).findOne()
                    .orElseThrow(() -> ChorusException.notFound("no user named '" + user + "'"));
            if (teamId.equals(Teams.teamId(h, c.id(), invitee).orElse(null))) {
                throw new ChorusException(ErrorCode.ALREADY_EXISTS, user + " is already in your team");
            }
            h.createUpdate("DELETE FROM arena_invites WHERE team_id = :t AND account_id = :a").bind("t", teamId).bind("a", invitee).execute();
            h.createUpdate("INSERT INTO arena_invites (team_id, account_id, created_at) VALUES (:t, :a, :now)")
                    .bind("t", teamId).bind("a", invitee).bind("now", clock.millis()).execute();
        });
    }

    @Override
    public String accept(Principal caller, String competition, String team, boolean acceptRules) {
        caller.requireWriteToken();
        if (!acceptRules) {
            throw ChorusException.invalid("joining a team accepts the competition's rules: send acceptRules: true");
        }
        return db.inTransaction(h -> {
            Stored c = open(h, competition);
            String into = Teams.teamIdByName(h, c.id(), team);
            boolean invited = h.createQuery("SELECT COUNT(*) FROM arena_invites WHERE team_id = :t AND account_id = :a")
                    .bind("t", into).bind("a", caller.user().id()).mapTo(Long.class).one() > 0;
            if (!invited) {
                throw new ChorusException(ErrorCode.PERMISSION_DENIED, "team '" + team + "' has not invited you");
            }
            Optional<String> from = Teams.teamId(h, c.id(), caller.user().id());
            long size = Teams.members(h, into) + (from.isPresent() ? Teams.members(h, from.get()) : 1);
            if (size > c.spec().maxTeamSize()) {
                throw new ChorusException(ErrorCode.CONFLICT, "the team would have " + size + " members; at most " + c.spec().maxTeamSize() + " are allowed");
            }
            if (from.isPresent()) {
                requireMergeAllowed(h, c, into, from.get());
                Teams.merge(h, from.get(), into);
            } else {
                h.createUpdate("INSERT INTO arena_members (competition_id, account_id, team_id, joined_at) VALUES (:c, :a, :t, :now)")
                        .bind("c", c.id()).bind("a", caller.user().id()).bind("t", into).bind("now", clock.millis()).execute();
            }
            h.createUpdate("DELETE FROM arena_invites WHERE team_id = :t AND account_id = :a").bind("t", into).bind("a", caller.user().id()).execute();
            return h.createQuery("SELECT name FROM arena_teams WHERE id = :t").bind("t", into).mapTo(String.class).one();
        });
    }

    /** Kaggle's rule: before the merge deadline, and no more submissions together than the daily cap × the days so far. */
    private void requireMergeAllowed(Handle h, Stored c, String into, String from) {
        Instant now = clock.instant();
        CompetitionSpec spec = c.spec();
        if (spec.mergeDeadline() != null && !now.isBefore(spec.mergeDeadline())) {
            throw new ChorusException(ErrorCode.CONFLICT, "teams can no longer merge: the merge deadline was " + spec.mergeDeadline());
        }
        Window window = Window.at(c, now);
        long days = Duration.between(spec.phases().getFirst().startsAt(), now).toDays() + 1;
        long together = Teams.submissions(h, into) + Teams.submissions(h, from);
        if (together > window.dailyCap() * days) {
            throw new ChorusException(ErrorCode.CONFLICT, "the merged team would have " + together + " submissions, more than the daily cap "
                    + window.dailyCap() + " × " + days + " days so far");
        }
    }

    @Override
    public void leave(Principal caller, String competition) {
        caller.requireWriteToken();
        db.useTransaction(h -> {
            Stored c = open(h, competition);
            String teamId = Teams.teamId(h, c.id(), caller.user().id())
                    .orElseThrow(() -> ChorusException.notFound("you are in no team of " + c.spec().name()));
            if (Teams.submissions(h, teamId) > 0) {
                throw new ChorusException(ErrorCode.CONFLICT, "your team has submitted; its members stay (so that leaving never resets the cap)");
            }
            h.createUpdate("DELETE FROM arena_members WHERE competition_id = :c AND account_id = :a").bind("c", c.id())
                    .bind("a", caller.user().id()).execute();
            if (Teams.members(h, teamId) == 0) {
                h.createUpdate("DELETE FROM arena_teams WHERE id = :t").bind("t", teamId).execute();
            }
        });
    }

    /** The competition, refused when it is closed (teams are final then). */
    private static Stored open(Handle h, String competition) {
        Stored c = Stored.load(h, competition);
        if (c.view().closed()) {
            throw new ChorusException(ErrorCode.CONFLICT, c.spec().name() + " is closed");
        }
        return c;
    }

    @Override
    public Submission submit(Principal caller, String competition, byte[] csv, String message) {
        caller.requireWriteToken();
        requireSize(csv, "submission");
        return enter(caller, competition, message, SubmissionKind.FILE, solution -> new Entry(SubmissionFormat.check(solution, csv), null));
    }

    @Override
    public Submission submitModel(Principal caller, String competition, String model, String revision, String message) {
        caller.requireWriteToken();
        return enter(caller, competition, message, SubmissionKind.MODEL, solution -> new Entry(null, models.resolve(caller, model, revision)));
    }

    /** What a submission enters: a checked file of predictions, or a resolved model whose predictions a worker makes. */
    private record Entry(byte[] content, ModelRepos.Ref model) {}

    /**
     * The one path of every submission: the team, the solution, the phase's window, then {@code entry} (a refusal there
     * is not stored, so it is not counted), then the daily cap and the scoring job in one transaction.
     */
    private Submission enter(Principal caller, String competition, String message, SubmissionKind kind, Function<Solution, Entry> entry) {
        String text = message == null ? "" : message;
        if (text.length() > 1024 || text.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\n' && ch != '\t')) {
            throw ChorusException.invalid("the message must be at most 1024 characters, without control characters");
        }
        Stored c = db.withHandle(h -> Stored.load(h, competition));
        if (c.spec().submissions() != kind) {
            throw ChorusException.invalid(c.spec().name() + (c.spec().submissions() == SubmissionKind.MODEL
                    ? " takes models: send {\"model\": \"owner/name\", \"revision\": \"main\"} (chorus compete submit " + c.spec().name() + " --model owner/name)"
                    : " takes files of predictions (CSV or Parquet), not models"));
        }
        String teamId = db.withHandle(h -> Teams.teamId(h, c.id(), caller.user().id())).orElseThrow(() -> new ChorusException(
                ErrorCode.PERMISSION_DENIED, "join " + c.spec().name() + " first (accepting its rules): POST /api/chorus/competitions/"
                        + c.spec().name() + "/join"));
        Solution solution = db.withHandle(h -> solutions.get(h, c));
        Instant now = clock.instant();
        Window window = Window.at(c, now);
        Entry entered = entry.apply(solution);
        long day = now.atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
        String id = Ids.newId(clock);
        ModelRepos.Ref model = entered.model();
        db.useTransaction(h -> {
            long today = h.createQuery("SELECT COUNT(*) FROM arena_submissions WHERE team_id = :t AND utc_day = :d"
                            + " AND (status <> 'failed' OR blame = 'input')")
                    .bind("t", teamId).bind("d", day).mapTo(Long.class).one();
            if (today >= window.dailyCap()) {
                throw new ChorusException(ErrorCode.RATE_LIMITED, "your team has made " + today + " submissions today, the daily cap of "
                        + window.phase() + "; the count starts again at 00:00 UTC");
            }
            h.createUpdate("INSERT INTO arena_submissions (id, competition_id, team_id, account_id, message, submitted_at, utc_day, late, status,"
                            + " selected, model_repo, model_repo_id, model_commit) VALUES (:id, :c, :t, :a, :m, :now, :d, :late, 'queued', 0,"
                            + " :repo, :repoId, :commit)")
                    .bind("id", id).bind("c", c.id()).bind("t", teamId).bind("a", caller.user().id()).bind("m", text)
                    .bind("now", now.toEpochMilli()).bind("d", day).bind("late", window.late() ? 1 : 0)
                    .bind("repo", model == null ? null : model.repo()).bind("repoId", model == null ? null : model.repoId())
                    .bind("commit", model == null ? null : model.commit()).execute();
            if (entered.content() != null) {
                h.createUpdate("INSERT INTO arena_submission_files (submission_id, content) VALUES (:id, :b)").bind("id", id)
                        .bind("b", entered.content()).execute();
            }
            Job job = jobs.enqueue(h, new NewJob(Arena.queue(c.id()), id, id, SCORING_ATTEMPTS));
            h.createUpdate("UPDATE arena_submissions SET job_id = :j WHERE id = :id").bind("j", job.id()).bind("id", id).execute();
        });
        if (!c.spec().byWorkers()) {
            scorer.drain(c.id());
        }
        return db.withHandle(h -> Views.submissions(h, c, caller, "s.id = :id", id)).getFirst();
    }

    @Override
    public List<Submission> submissions(Principal caller, String competition) {
        return db.withHandle(h -> {
            Stored c = Stored.load(h, competition);
            if (c.hostOrAdmin(caller)) {
                return Views.submissions(h, c, caller, "s.competition_id = :id", c.id());
            }
            Optional<String> team = Teams.teamId(h, c.id(), caller.user().id());
            return team.isEmpty() ? List.of() : Views.submissions(h, c, caller, "s.team_id = :id", team.get());
        });
    }

    @Override
    public Submission select(Principal caller, String competition, String submissionId, boolean selected) {
        caller.requireWriteToken();
        return db.inTransaction(h -> {
            Stored c = Stored.load(h, competition);
            if (c.view().closed()) {
                throw new ChorusException(ErrorCode.CONFLICT, c.spec().name() + " is closed; the selection is final");
            }
            Optional<String> team = Teams.teamId(h, c.id(), caller.user().id());
            List<Submission> mine = team.isEmpty() ? List.of() : Views.submissions(h, c, caller, "s.team_id = :id", team.get());
            Submission s = mine.stream().filter(x -> x.id().equals(submissionId)).findFirst()
                    .orElseThrow(() -> ChorusException.notFound("your team has no submission " + Csv.shorten(String.valueOf(submissionId))));
            if (selected && (s.late() || !s.status().equals("scored"))) {
                throw new ChorusException(ErrorCode.CONFLICT, "only a scored submission made before the end can be selected");
            }
            long chosen = mine.stream().filter(x -> x.selected() && !x.id().equals(submissionId)).count();
            if (selected && chosen >= c.spec().selectionLimit()) {
                throw new ChorusException(ErrorCode.CONFLICT, "your team has selected " + chosen + " submissions, the limit; unselect one first");
            }
            h.createUpdate("UPDATE arena_submissions SET selected = :s WHERE id = :id").bind("s", selected ? 1 : 0).bind("id", s.id()).execute();
            return Views.submissions(h, c, caller, "s.id = :id", s.id()).getFirst();
        });
    }

    @Override
    public List<Standing> publicBoard(String competition) {
        return boards.publicBoard(competition);
    }

    @Override
    public List<Standing> privateBoard(Optional<Principal> caller, String competition) {
        return boards.privateBoard(caller, competition);
    }

    @Override
    public Competition close(Principal caller, String competition) {
        caller.requireWriteToken();
        db.useTransaction(h -> {
            Stored c = Stored.load(h, competition);
            c.requireHost(caller);
            if (c.view().closed()) {
                throw new ChorusException(ErrorCode.CONFLICT, c.spec().name() + " is already closed");
            }
            h.createUpdate("UPDATE arena_competitions SET closed_at = :now WHERE id = :id").bind("now", clock.millis()).bind("id", c.id()).execute();
        });
        return get(competition);
    }

    @Override
    public List<Job> jobs(Principal caller, String competition) {
        Stored c = db.withHandle(h -> Stored.load(h, competition));
        c.requireHost(caller);
        return jobs.list(Arena.queue(c.id()), 100);
    }

    @Override
    public int scoreDue() {
        int scored = 0;
        for (String queue : jobs.readyQueues(Arena.QUEUE_PREFIX)) {
            String competitionId = queue.substring(Arena.QUEUE_PREFIX.length());
            if (!db.withHandle(h -> Stored.byId(h, competitionId)).spec().byWorkers()) {
                scored += scorer.drain(competitionId);
            }
        }
        return scored;
    }

    private static void requireSize(byte[] csv, String what) {
        if (csv.length > MAX_FILE_BYTES) {
            throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the " + what + " is " + csv.length + " bytes; at most "
                    + MAX_FILE_BYTES + " are accepted");
        }
        if (csv.length == 0) {
            throw ChorusException.invalid("the " + what + " is empty");
        }
    }

    /** Where a moment falls in a competition: which phase's cap applies and whether a submission then is late. */
    private record Window(String phase, int dailyCap, boolean late) {
        static Window at(Stored c, Instant now) {
            CompetitionSpec spec = c.spec();
            for (Phase p : spec.phases()) {
                if (p.contains(now) && !c.view().closed()) {
                    return new Window("phase '" + p.name() + "'", p.dailyCap(), false);
                }
            }
            Phase last = spec.phases().getLast();
            if (now.isBefore(spec.phases().getFirst().startsAt())) {
                throw new ChorusException(ErrorCode.CONFLICT, spec.name() + " starts at " + spec.phases().getFirst().startsAt());
            }
            boolean over = c.view().closed() || !now.isBefore(last.endsAt());
            if (!over) {
                throw new ChorusException(ErrorCode.CONFLICT, spec.name() + " is between phases; the next one starts at "
                        + spec.phases().stream().filter(p -> p.startsAt().isAfter(now)).findFirst().orElseThrow().startsAt());
            }
            if (!spec.lateSubmissions()) {
                throw new ChorusException(ErrorCode.CONFLICT, spec.name() + " ended at " + last.endsAt() + " and takes no late submissions");
            }
            return new Window("late submissions", last.dailyCap(), true);
        }
    }
}
