package org.chorus.server.web.arena;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.chorus.arena.BoardMode;
import org.chorus.arena.Competition;
import org.chorus.arena.Metric;
import org.chorus.arena.Workers;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.arena.CompetitionRoutes;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;

/**
 * Hosting: the new-competition form (its values go through the API's {@link CompetitionRoutes#spec}, so the defaults,
 * checks and messages are the API's), and a competition's host tab (upload the solution, close, watch the scoring
 * jobs, and for a metric scored by workers register and revoke them: a new worker's token is shown on the page that
 * registered it and never again). The host tab answers 404 to everyone but the host and site admins, as a missing
 * page does.
 */
public final class HostPages {
    static final int PHASE_ROWS = 3;
    private final ArenaWeb web;

    public HostPages(ArenaWeb web) {
        this.web = web;
    }

    public void form(Context ctx) {
        web.auth().required(ctx);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<ArenaViews.PhaseRow> phases = new ArrayList<>();
        phases.add(new ArenaViews.PhaseRow("main", local(start), local(start.plus(30, ChronoUnit.DAYS)), "5"));
        while (phases.size() < PHASE_ROWS) {
            phases.add(new ArenaViews.PhaseRow("", "", "", ""));
        }
        renderForm(ctx, new ArenaViews.Form("", "", "", "", "", "accuracy", "", "exact", "5", "30", "5", "2", false, "", phases, null,
                false, ""), 200);
    }

    private void renderForm(Context ctx, ArenaViews.Form form, int status) {
        Pages.render(ctx, status, "arena/new.jte", new ArenaViews.NewCompetition(web.auth().shell(ctx, "New competition"), form,
                Arrays.stream(Metric.values()).map(Metric::wire).toList(), Arrays.stream(BoardMode.values()).map(BoardMode::wire).toList()));
    }

    /** POST {@code /competitions}: creates the competition; 303 to its host tab, where the solution is uploaded next. */
    public void create(Context ctx) {
        Principal caller = web.auth().required(ctx);
        List<ArenaViews.PhaseRow> phases = new ArrayList<>();
        for (int i = 0; i < PHASE_ROWS; i++) {
            phases.add(new ArenaViews.PhaseRow(ArenaWeb.text(ctx, "phaseName" + i), ArenaWeb.text(ctx, "phaseStart" + i),
                    ArenaWeb.text(ctx, "phaseEnd" + i), ArenaWeb.text(ctx, "phaseCap" + i)));
        }
        ArenaViews.Form form = new ArenaViews.Form(ArenaWeb.text(ctx, "name"), ArenaWeb.text(ctx, "title"), ArenaWeb.text(ctx, "description"),
                ArenaWeb.text(ctx, "rules"), ArenaWeb.text(ctx, "datasetRepo"), ArenaWeb.text(ctx, "metric"), ArenaWeb.text(ctx, "k"),
                ArenaWeb.text(ctx, "mode"), ArenaWeb.text(ctx, "roundDigits"), ArenaWeb.text(ctx, "publicPercent"), ArenaWeb.text(ctx, "maxTeamSize"),
                ArenaWeb.text(ctx, "selectionLimit"), ctx.formParam("lateSubmissions") != null, ArenaWeb.text(ctx, "mergeDeadline"), phases, null,
                ctx.formParam("models") != null, ArenaWeb.text(ctx, "testInputs"));
        Competition[] created = new Competition[1];
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> created[0] = web.arena().create(caller, CompetitionRoutes.spec(body(form))));
        if (refused != null) {
            renderForm(ctx, form.refused(refused.message()), refused.status());
            return;
        }
        ctx.redirect(Links.competition(created[0].spec().name(), "host"), HttpStatus.SEE_OTHER);
    }

    /** The form as the API's body: blank fields are absent (the API's defaults), phase rows with no name are left out. */
    static CompetitionRoutes.CompetitionBody body(ArenaViews.Form f) {
        List<CompetitionRoutes.PhaseBody> phases = f.phases().stream().filter(p -> !p.name().isEmpty())
                .map(p -> new CompetitionRoutes.PhaseBody(p.name(), utc(p.start()), utc(p.end()), integer("daily cap", p.dailyCap()))).toList();
        return new CompetitionRoutes.CompetitionBody(f.name(), f.title(), blank(f.description()), blank(f.rules()), blank(f.datasetRepo()), f.metric(),
                integer("k", f.k()), f.mode(), integer("round digits", f.roundDigits()), integer("public percent", f.publicPercent()),
                integer("maximum team size", f.maxTeamSize()), integer("selection limit", f.selectionLimit()), f.lateSubmissions(),
                utc(f.mergeDeadline()), phases, f.models() ? "model" : null, blank(f.testInputs()));
    }

    public void show(Context ctx) {
        Principal caller = web.auth().required(ctx);
        render(ctx, hosted(caller, ctx), caller, 200, null, null);
    }

    private void render(Context ctx, Competition c, Principal caller, int status, Workers.Issued issued, String error) {
        String name = c.spec().name();
        boolean byWorkers = c.spec().byWorkers();
        Pages.render(ctx, status, "arena/host.jte", new ArenaViews.Host(web.auth().shell(ctx, "Host · " + c.spec().title()), web.header(ctx, c, "host"),
                c.testRows(), c.closed(), web.arena().jobs(caller, name), byWorkers,
                byWorkers ? web.workers().list(caller, name) : List.of(), issued, error));
    }

    /** POST {@code …/host/workers} ({@code name}): registers a worker and shows its token, once, on the page answered. */
    public void addWorker(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = hosted(caller, ctx);
        Workers.Issued[] issued = new Workers.Issued[1];
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> issued[0] = web.workers().register(caller, c.spec().name(), ArenaWeb.text(ctx, "name")));
        if (refused != null) {
            render(ctx, c, caller, refused.status(), null, refused.message());
            return;
        }
        render(ctx, c, caller, 201, issued[0], null);
    }

    /** POST {@code …/host/workers/{worker}/remove}: revokes the worker's token. */
    public void removeWorker(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = hosted(caller, ctx);
        done(ctx, caller, ArenaWeb.attempt(() -> web.workers().revoke(caller, c.spec().name(), ctx.pathParam("worker"))));
    }

    /** POST {@code …/host/solution} (multipart {@code file}). */
    public void solution(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = hosted(caller, ctx);
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> web.arena().uploadSolution(caller, c.spec().name(), web.upload(ctx, "file")));
        done(ctx, caller, refused);
    }

    /** POST {@code …/host/close}. */
    public void close(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = hosted(caller, ctx);
        done(ctx, caller, ArenaWeb.attempt(() -> web.arena().close(caller, c.spec().name())));
    }

    private void done(Context ctx, Principal caller, ArenaWeb.Refusal refused) {
        Competition c = web.arena().get(ctx.pathParam("name"));
        if (refused != null) {
            render(ctx, c, caller, refused.status(), null, refused.message());
            return;
        }
        ctx.redirect(Links.competition(c.spec().name(), "host"), HttpStatus.SEE_OTHER);
    }

    /** The competition, if the caller hosts it; else 404 as for a page that does not exist. */
    private Competition hosted(Principal caller, Context ctx) {
        Competition c = web.arena().get(ctx.pathParam("name"));
        if (!web.reads().hosts(caller, c.spec().name())) {
            throw ChorusException.notFound("no such page");
        }
        return c;
    }

    /** A datetime-local field's value ("2026-03-01T00:00") read as UTC; anything else goes to the API's parser and its message. */
    static String utc(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    private static String local(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private static Integer integer(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(what + " must be a whole number");
        }
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
