package org.chorus.server.web.arena;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.chorus.arena.Competition;
import org.chorus.arena.Submission;
import org.chorus.arena.SubmissionKind;
import org.chorus.hub.accounts.Principal;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;

/**
 * The caller's team's submissions (the host: everyone's, with exact scores), the upload form (a CSV posted as a
 * multipart form, checked by the same {@link org.chorus.arena.Arena#submit} as the API, so a refused file shows the
 * API's message and does not count; where the competition takes models, a model repository and revision instead,
 * through {@link org.chorus.arena.Arena#submitModel}) and the selection for the final.
 */
public final class SubmissionPages {
    private final ArenaWeb web;

    public SubmissionPages(ArenaWeb web) {
        this.web = web;
    }

    public void show(Context ctx) {
        web.auth().required(ctx);
        render(ctx, web.arena().get(ctx.pathParam("name")), 200, null);
    }

    private void render(Context ctx, Competition c, int status, String error) {
        Principal caller = web.auth().required(ctx);
        String name = c.spec().name();
        boolean host = web.reads().hosts(caller, name);
        boolean joined = web.reads().team(caller, name).isPresent();
        List<Submission> submissions = joined || host ? web.arena().submissions(caller, name) : List.of();
        long selected = host ? 0 : submissions.stream().filter(Submission::selected).count();
        Pages.render(ctx, status, "arena/submissions.jte", new ArenaViews.Submissions(web.auth().shell(ctx, "Submissions · " + c.spec().title()),
                web.header(ctx, c, "submissions"), joined, host, c.closed(), submissions, c.spec().selectionLimit(), selected, error,
                c.spec().submissions() == SubmissionKind.MODEL));
    }

    /** POST {@code …/submissions} (multipart: {@code file}, or {@code model} and {@code revision} where models are taken; {@code message}). */
    public void submit(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = web.arena().get(ctx.pathParam("name"));
        String message = ArenaWeb.text(ctx, "message");
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> {
            if (c.spec().submissions() == SubmissionKind.MODEL) {
                web.arena().submitModel(caller, c.spec().name(), ArenaWeb.text(ctx, "model"), ArenaWeb.text(ctx, "revision"), message);
            } else {
                web.arena().submit(caller, c.spec().name(), web.upload(ctx, "file"), message);
            }
        });
        if (refused != null) {
            render(ctx, c, refused.status(), refused.message());
            return;
        }
        ctx.redirect(Links.competition(c.spec().name(), "submissions"), HttpStatus.SEE_OTHER);
    }

    /** POST {@code …/submissions/{id}/selection} ({@code selected} true or false). */
    public void select(Context ctx) {
        Principal caller = web.auth().required(ctx);
        Competition c = web.arena().get(ctx.pathParam("name"));
        boolean selected = "true".equals(ctx.formParam("selected"));
        ArenaWeb.Refusal refused = ArenaWeb.attempt(() -> web.arena().select(caller, c.spec().name(), ctx.pathParam("id"), selected));
        if (refused != null) {
            render(ctx, c, refused.status(), refused.message());
            return;
        }
        ctx.redirect(Links.competition(c.spec().name(), "submissions"), HttpStatus.SEE_OTHER);
    }
}
