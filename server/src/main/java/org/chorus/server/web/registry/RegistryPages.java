package org.chorus.server.web.registry;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.mlflow.Callers;
import org.chorus.server.web.Links;
import org.chorus.server.web.MlViews;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.tracking.Caller;
import org.chorus.tracking.ModelSource;
import org.chorus.tracking.ModelVersion;
import org.chorus.tracking.Page;
import org.chorus.tracking.Permission;
import org.chorus.tracking.RegisteredModel;
import org.chorus.tracking.RunInfo;

/**
 * The model registry in the browser: {@code /registry} (the models the caller may read), {@code /registry/model?name=}
 * and {@code /registry/version?name=&version=}. Reads need MLflow's READ on the model, as {@code registered-models/get};
 * the forms (description, alias, stage) need a write-capable session and EDIT, as the API's calls they mirror, and
 * are only shown to such callers. A refused post changes nothing and answers the status the API would.
 */
public final class RegistryPages {
    static final List<String> STAGES = List.of("None", "Staging", "Production", "Archived");
    private static final int PAGE = 100;

    private final WebAuth auth;
    private final MlViews ml;

    public RegistryPages(WebAuth auth, MlViews ml) {
        this.auth = auth;
        this.ml = ml;
    }

    public void models(Context ctx) {
        Page<RegisteredModel> page = ml.registry().searchModels(caller(ctx), null, PAGE, List.of("name ASC"), ctx.queryParam("page"));
        List<RegistryViews.ModelRow> rows = page.items().stream().map(m -> new RegistryViews.ModelRow(m.name(), Links.registeredModel(m.name()),
                m.description(), m.latestVersions().stream().map(ModelVersion::version).max(Integer::compare).orElse(null),
                Instant.ofEpochMilli(m.lastUpdatedTimestamp()))).toList();
        String next = page.nextPageToken() == null ? null : Links.registry() + "?page=" + java.net.URLEncoder.encode(page.nextPageToken(),
                java.nio.charset.StandardCharsets.UTF_8);
        Pages.render(ctx, "registry/models.jte", new RegistryViews.Models(auth.shell(ctx, "Model registry"), rows, next));
    }

    public void model(Context ctx) {
        renderModel(ctx, name(ctx), null, 200);
    }

    private void renderModel(Context ctx, String name, String error, int status) {
        Caller caller = caller(ctx);
        ml.access().requireModel(caller, name, Permission.READ);
        RegisteredModel m = ml.registry().getModel(name);
        List<RegistryViews.VersionRow> versions = new ArrayList<>();
        for (ModelVersion v : ml.registry().versions(name)) {
            versions.add(new RegistryViews.VersionRow(v.version(), Links.modelVersion(name, v.version()), v.currentStage(), v.aliases(), v.userId(),
                    Instant.ofEpochMilli(v.creationTimestamp()), origin(caller, v)));
        }
        List<RegistryViews.Alias> aliases = m.aliases().entrySet().stream()
                .map(e -> new RegistryViews.Alias(e.getKey(), e.getValue(), Links.modelVersion(name, e.getValue()))).toList();
        Pages.render(ctx, status, "registry/model.jte", new RegistryViews.Model(auth.shell(ctx, name + " · Model registry"), name,
                Links.registeredModel(name), m.description(), tags(m.tags()), aliases, versions, mayEdit(ctx, name), error));
    }

    public void version(Context ctx) {
        renderVersion(ctx, name(ctx), versionNumber(ctx.queryParam("version")), null, 200);
    }

    private void renderVersion(Context ctx, String name, int number, String error, int status) {
        Caller caller = caller(ctx);
        ml.access().requireModel(caller, name, Permission.READ);
        ModelVersion v = ml.registry().getVersion(name, number);
        Pages.render(ctx, status, "registry/version.jte", new RegistryViews.Version(auth.shell(ctx, name + " v" + number + " · Model registry"),
                name, Links.registeredModel(name), number, v.currentStage(), v.description(), v.aliases(), tags(v.tags()), v.userId(),
                Instant.ofEpochMilli(v.creationTimestamp()), Instant.ofEpochMilli(v.lastUpdatedTimestamp()), v.status(), origin(caller, v),
                mayEdit(ctx, name), STAGES, error));
    }

    /** POST {@code /registry/model/description}: {@code registered-models/update}. */
    public void describeModel(Context ctx) {
        String name = editable(ctx);
        change(ctx, () -> ml.registry().updateModel(name, ctx.formParam("description")), Links.registeredModel(name),
                e -> renderModel(ctx, name, e.getMessage(), org.chorus.server.http.ErrorResponses.status(e.code())));
    }

    /** POST {@code /registry/model/alias}: sets {@code alias} to {@code version}, or with {@code delete=true} removes it. */
    public void alias(Context ctx) {
        String name = editable(ctx);
        String alias = ctx.formParam("alias");
        boolean delete = "true".equals(ctx.formParam("delete"));
        if (delete) {
            // removing an alias is MANAGE in the API (registered-models/alias DELETE)
            ml.access().requireModel(Callers.of(auth.required(ctx)), name, Permission.MANAGE);
        }
        change(ctx, () -> {
            if (delete) {
                ml.registry().deleteAlias(name, alias);
            } else {
                ml.registry().setAlias(name, alias, versionNumber(ctx.formParam("version")));
            }
        }, Links.registeredModel(name), e -> renderModel(ctx, name, e.getMessage(), org.chorus.server.http.ErrorResponses.status(e.code())));
    }

    /** POST {@code /registry/version/stage}: {@code model-versions/transition-stage}, optionally archiving the stage's others. */
    public void stage(Context ctx) {
        String name = editable(ctx);
        int number = versionNumber(ctx.formParam("version"));
        boolean archive = "true".equals(ctx.formParam("archive"));
        change(ctx, () -> ml.registry().transitionStage(name, number, ctx.formParam("stage"), archive), Links.modelVersion(name, number),
                e -> renderVersion(ctx, name, number, e.getMessage(), org.chorus.server.http.ErrorResponses.status(e.code())));
    }

    /** POST {@code /registry/version/description}: {@code model-versions/update}. */
    public void describeVersion(Context ctx) {
        String name = editable(ctx);
        int number = versionNumber(ctx.formParam("version"));
        change(ctx, () -> ml.registry().updateVersion(name, number, ctx.formParam("description")), Links.modelVersion(name, number),
                e -> renderVersion(ctx, name, number, e.getMessage(), org.chorus.server.http.ErrorResponses.status(e.code())));
    }

    /**
     * Runs a change, then goes back to {@code back} (303); a refused value (INVALID_ARGUMENT, a missing version) is shown
     * on the page it came from with the API's status. Permission failures were raised before, as error pages.
     */
    private static void change(Context ctx, Runnable work, String back, java.util.function.Consumer<ChorusException> refused) {
        try {
            work.run();
        } catch (ChorusException e) {
            if (e.code() != org.chorus.core.ErrorCode.INVALID_ARGUMENT) {
                throw e;
            }
            refused.accept(e);
            return;
        }
        ctx.redirect(back, HttpStatus.SEE_OTHER);
    }

    /** The form's model, which the caller must be able to edit: sign-in, a write-capable session, then EDIT, as the API. */
    private String editable(Context ctx) {
        Principal p = auth.required(ctx);
        String name = required(ctx.formParam("name"));
        ml.access().requireModel(Callers.of(p), name, Permission.READ); // the same 404 as the page for a model one may not see
        p.requireWriteToken();
        ml.access().requireModel(Callers.of(p), name, Permission.EDIT);
        return name;
    }

    private boolean mayEdit(Context ctx, String name) {
        Optional<Principal> p = auth.principal(ctx);
        if (p.isEmpty() || !Callers.of(p.get()).writeToken()) {
            return false;
        }
        try {
            ml.access().requireModel(Callers.of(p.get()), name, Permission.EDIT);
            return true;
        } catch (ChorusException e) {
            return false;
        }
    }

    /** The version's run (linked when the caller may read it) and hub revision (a {@code chorus://} source). */
    RegistryViews.Origin origin(Caller caller, ModelVersion v) {
        String runHref = null;
        if (v.runId() != null && !v.runId().isEmpty()) {
            try {
                ml.access().requireRun(caller, v.runId(), Permission.READ);
                RunInfo run = ml.tracking().getRun(v.runId()).info();
                runHref = Links.run(run.experimentId(), run.runId());
            } catch (ChorusException e) {
                runHref = null; // a run the caller may not read (or one since deleted) is named, not linked
            }
        }
        Optional<ModelSource.HubRevision> hub = hubRevision(v.source());
        return new RegistryViews.Origin(v.source(), v.runId(), runHref, hub.map(h -> h.owner() + "/" + h.repo()).orElse(null),
                hub.map(h -> Links.tree(RepoId.of(RepoType.MODEL, h.owner(), h.repo()), h.commit(), "")).orElse(null),
                hub.map(h -> h.commit().substring(0, 10)).orElse(null));
    }

    /** The hub revision of a stored source; a source stored before the check existed that no longer parses has none. */
    static Optional<ModelSource.HubRevision> hubRevision(String source) {
        try {
            return source == null ? Optional.empty() : ModelSource.hubRevision(source);
        } catch (ChorusException e) {
            return Optional.empty();
        }
    }

    private Caller caller(Context ctx) {
        return auth.principal(ctx).map(Callers::of).orElse(Caller.anonymous());
    }

    private static String name(Context ctx) {
        return required(ctx.queryParam("name"));
    }

    private static String required(String name) {
        if (name == null || name.isEmpty()) {
            throw ChorusException.invalid("a registered model name is required");
        }
        return name;
    }

    private static int versionNumber(String text) {
        try {
            int v = Integer.parseInt(text == null ? "" : text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message
        }
        throw ChorusException.invalid("a version is a positive number");
    }

    private static List<RegistryViews.Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().filter(e -> !e.getKey().startsWith("mlflow.")).map(e -> new RegistryViews.Tag(e.getKey(), e.getValue())).toList();
    }
}
