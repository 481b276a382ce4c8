package org.chorus.server.web.arena;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chorus.arena.ArenaReads;
import org.chorus.arena.Competition;
import org.chorus.arena.CompetitionSpec;
import org.chorus.arena.Standing;
import org.chorus.arena.SubmissionKind;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.web.Links;
import org.chorus.server.web.Markdown;
import org.chorus.server.web.Pages;

/**
 * The competitions list and a competition's public tabs: overview (description and data), rules with the form that
 * accepts them (joining as a team of one), the leaderboard (public; private with the shake-up once closed, or for
 * the host) with the history chart of the top teams, and the caller's team (invite, accept, leave). Every action
 * calls the {@link org.chorus.arena.Arena} the API calls, so the same rules and messages apply.
 */
public final class CompetitionPages {
    private final ArenaWeb web;

    public CompetitionPages(ArenaWeb web) {
        this.web = web;
    }

    public void list(Context ctx) {
        List<ArenaViews.Row> rows = web.arena().list().stream().map(c -> new ArenaViews.Row(c.spec().title(), Links.competition(c.spec().name(), ""),
                c.host(), c.spec().metric().wire(), ArenaWeb.state(c, java.time.Instant.now()), c.endsAt())).toList();
        Pages.render(ctx, "arena/list.jte", new ArenaViews.ListPage(web.auth().shell(ctx, "Competitions"), rows));
    }

    public void overview(Context ctx) {
        Competition c = competition(ctx);
        CompetitionSpec s = c.spec();
        List<ArenaViews.Fact> facts = new ArrayList<>();
        facts.add(new ArenaViews.Fact("Host", c.host()));
        facts.add(new ArenaViews.Fact("Metric", s.metric().wire().replace("@k", "@" + s.k()) + (s.metric().higherIsBetter() ? " (higher is better)"
                : " (lower is better)")));
        facts.add(new ArenaViews.Fact("Leaderboard", switch (s.mode()) {
            case EXACT -> "exact public scores";
            case ROUNDED -> "public scores rounded to " + s.roundDigits() + " decimals";
            case LADDER -> "the Ladder: a new score shows only when it is a significant improvement";
        }));
        facts.add(new ArenaViews.Fact("Test set", c.testRows() == null ? "not uploaded yet"
                : c.testRows() + " rows: " + s.publicPercent() + "% score the public leaderboard, the rest the private one"));
        facts.add(new ArenaViews.Fact("Teams", "up to " + s.maxTeamSize() + " members" + (s.mergeDeadline() == null ? ""
                : "; merges until " + s.mergeDeadline())));
        facts.add(new ArenaViews.Fact("Final selection", "up to " + s.selectionLimit() + " submissions per team"));
        facts.add(new ArenaViews.Fact("Submissions", s.submissions() == SubmissionKind.MODEL
                ? "models on this hub, run by the host's workers on the test inputs (" + s.testInputs() + " in the dataset)" : "files of predictions"));
        facts.add(new ArenaViews.Fact("Late submissions", s.lateSubmissions() ? "scored after the end, never ranked" : "not taken"));
        String repo = web.arena().dataset(web.auth().principal(ctx), c).orElse(null);
        Pages.render(ctx, "arena/overview.jte", new ArenaViews.Overview(web.auth().shell(ctx, s.title()), web.header(ctx, c, ""),
                Markdown.toSafeHtml(s.description()), repo, repo == null ? null : Links.repo(RepoId.of(RepoType.DATASET, repo.split("/")[0], repo.split("/")[1])), facts, s.phases()));
    }

    public void rules(Context ctx) {
        renderRules(ctx, competition(ctx), 200, null);
    }

    private void renderRules(Context ctx, Competition c, int status, String error) {
        String team = web.auth().principal(ctx).flatMap(p -> web.reads().team(p, c.spec().name())).map(ArenaReads.MyTeam::name).orElse(null);
        Pages.render(ctx, status, "arena/rules.jte", new ArenaViews.Rules(web.auth().shell(ctx, "Rules · " + c.spec().title()), web.header(ctx, c, "rules"),
                Markdown.toSafeHtml(c.spec().rules()), team, error));
    }

    /** POST {@code …/join}: accepting the rules joins as a team of one (named as typed, or after the user). */
    public void join(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = competition(ctx);
        String team = ArenaWeb.text(ctx, "team");
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> web.arena().join(caller, c.spec().name(), accepted(ctx), team.isEmpty() ? null : team));
        if (refused != null) {
            renderRules(ctx, c, refused.status(), refused.message());
            return;
        }
        ctx.redirect(Links.competition(c.spec().name(), "team"), HttpStatus.SEE_OTHER);
    }

    public void leaderboard(Context ctx) {
        Competition c = competition(ctx);
        Optional<Principal> caller = web.auth().principal(ctx);
        String split = Optional.ofNullable(ctx.queryParam("split")).orElse("public");
        if (!split.equals("public") && !split.equals("private")) {
            throw ChorusException.invalid("split must be public or private");
        }
        boolean privateAvailable = c.closed() || caller.isPresent() && web.reads().hosts(caller.get(), c.spec().name());
        boolean privateSplit = split.equals("private");
        List<Standing> standings;
        String notice = null;
        ScoreChart chart = ScoreChart.of(List.of());
        if (!privateSplit) {
            standings = web.arena().publicBoard(c.spec().name());
            List<String> top = standings.stream().limit(ScoreChart.TEAMS).map(Standing::team).toList();
            chart = ScoreChart.of(web.reads().history(c.spec().name(), top));
        } else if (privateAvailable) {
            standings = web.arena().privateBoard(caller, c.spec().name());
        } else {
            standings = List.of();
            notice = "The private leaderboard and the shake-up appear when the competition closes.";
        }
        Pages.render(ctx, "arena/leaderboard.jte", new ArenaViews.Board(web.auth().shell(ctx, "Leaderboard · " + c.spec().title()),
                web.header(ctx, c, "leaderboard"), privateSplit, privateAvailable, notice, standings, chart, c.spec().metric().wire()));
    }

    public void team(Context ctx) {
        web.auth().required(ctx);
        renderTeam(ctx, competition(ctx), 200, null);
    }

    private void renderTeam(Context ctx, Competition c, int status, String error) {
        Principal caller = web.auth().required(ctx);
        String name = c.spec().name();
        Pages.render(ctx, status, "arena/team.jte", new ArenaViews.Team(web.auth().shell(ctx, "Team · " + c.spec().title()), web.header(ctx, c, "team"),
                web.reads().team(caller, name).orElse(null), web.reads().invitations(caller, name), error));
    }

    /** POST {@code …/team/invite}, {@code …/team/accept}, {@code …/team/leave}: as the API's invites, accept and leave. */
    public void teamAction(Context ctx, String action) {
        Principal caller = web.auth().required(ctx);
        Competition c = competition(ctx);
        String name = c.spec().name();
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> {
            switch (action) {
                case "invite" -> web.arena().invite(caller, name, ArenaWeb.text(ctx, "user"));
                case "accept" -> web.arena().accept(caller, name, ArenaWeb.text(ctx, "team"), accepted(ctx));
                case "leave" -> web.arena().leave(caller, name);
                default -> throw new IllegalArgumentException(action);
            }
        });
        if (refused != null) {
            renderTeam(ctx, c, refused.status(), refused.message());
            return;
        }
        ctx.redirect(Links.competition(name, "team"), HttpStatus.SEE_OTHER);
    }

    private Competition competition(Context ctx) {
        return web.arena().get(ctx.pathParam("name"));
    }

    /** The rules checkbox (a browser sends "on"). */
    private static boolean accepted(Context ctx) {
        String v = ctx.formParam("acceptRules");
        return "on".equals(v) || "true".equals(v);
    }
}
