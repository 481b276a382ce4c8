package org.chorus.server.web.runs;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.server.http.ErrorResponses;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Experiment;
import org.chorus.tracking.LifecycleStage;
import org.chorus.tracking.Page;
import org.chorus.tracking.Permission;
import org.chorus.tracking.ViewType;

/**
 * The experiments list with search, create, rename, delete and restore. Each call is the MLflow API's: the search
 * shows only experiments the caller may read, create needs a write token, rename needs EDIT, delete and restore
 * MANAGE (checked by {@link org.chorus.tracking.TrackingAccess} before the store is touched).
 */
public final class ExperimentPages {
    private static final int PAGE_SIZE = 50;

    private final WebAuth auth;
    private final Tracking tracking;

    public ExperimentPages(WebAuth auth, Tracking tracking) {
        this.auth = auth;
        this.tracking = tracking;
    }

    public void list(Context ctx) {
        render(ctx, 200, "", null);
    }

    public void create(Context ctx) {
        Caller caller = tracking.writer(auth, ctx);
        String name = ctx.formParam("name");
        String id;
        try {
            id = tracking.store().createExperiment(caller, name, null, Map.of());
        } catch (ChorusException e) {
            render(ctx, ErrorResponses.status(e.code()), name, e.getMessage());
            return;
        }
        ctx.redirect(Links.experiment(id, ""), HttpStatus.SEE_OTHER);
    }

    public void rename(Context ctx) {
        String id = writable(ctx, Permission.EDIT);
        tracking.store().renameExperiment(id, ctx.formParam("name"));
        ctx.redirect(Links.experiments(), HttpStatus.SEE_OTHER);
    }

    public void delete(Context ctx) {
        tracking.store().deleteExperiment(writable(ctx, Permission.MANAGE));
        ctx.redirect(Links.experiments(), HttpStatus.SEE_OTHER);
    }

    public void restore(Context ctx) {
        tracking.store().restoreExperiment(writable(ctx, Permission.MANAGE));
        ctx.redirect(Links.experiments() + "?view=deleted", HttpStatus.SEE_OTHER);
    }

    private String writable(Context ctx, Permission needed) {
        Caller caller = tracking.writer(auth, ctx);
        String id = ctx.pathParam("id");
        tracking.access().requireExperiment(caller, id, needed);
        return id;
    }

    private void render(Context ctx, int status, String newName, String error) {
        String search = text(ctx.queryParam("search"));
        String view = switch (text(ctx.queryParam("view"))) {
            case "deleted" -> "deleted";
            case "all" -> "all";
            default -> "active";
        };
        ViewType viewType = switch (view) {
            case "deleted" -> ViewType.DELETED_ONLY;
            case "all" -> ViewType.ALL;
            default -> ViewType.ACTIVE_ONLY;
        };
        Page<Experiment> page = tracking.store().searchExperiments(tracking.caller(auth, ctx), nameFilter(search),
                List.of("last_update_time DESC"), viewType, PAGE_SIZE, ctx.queryParam("page"));
        List<ExperimentsView.Row> rows = page.items().stream().map(e -> new ExperimentsView.Row(e.experimentId(), e.name(),
                Links.experiment(e.experimentId(), ""), e.lifecycleStage() == LifecycleStage.DELETED, e.lastUpdateTime())).toList();
        String next = page.nextPageToken() == null ? null : Links.experiments() + "?" + Links.query("search", search) + "&"
                + Links.query("view", view) + "&" + Links.query("page", page.nextPageToken());
        Pages.render(ctx, status, "runs/experiments.jte", new ExperimentsView(auth.shell(ctx, "Experiments"), search, view, rows, next,
                newName, error));
    }

    /** A name search as the filter language says it: quotes doubled, so any text stays one string literal. */
    static String nameFilter(String search) {
        return search.isBlank() ? null : "name ILIKE '%" + search.replace("'", "''") + "%'";
    }

    static String text(String s) {
        return s == null ? "" : s;
    }
}
