package org.chorus.server.mlflow;

import static org.chorus.server.mlflow.TrackingRoutes.route;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.FileCommits;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Routes;
import org.chorus.tracking.Caller;
import org.chorus.tracking.KeyValue;
import org.chorus.tracking.ModelRegistry;
import org.chorus.tracking.ModelVersion;
import org.chorus.tracking.Permission;
import org.chorus.tracking.RegisteredModel;
import org.chorus.tracking.RegistryPublishing;
import org.chorus.tracking.TrackingAccess;

/**
 * MLflow's model registry (model_registry.proto), with MLflow's permission on the registered model checked for every
 * call (versions, aliases and tags follow their model); writes also need a write token. Chorus adds
 * {@code model-versions/publish} (a version's run artifacts to a hub repository) and accepts
 * {@code chorus://owner/repo@commit} sources in repositories the caller may write.
 */
public final class RegistryRoutes implements Routes {
    private final ModelRegistry registry;
    private final TrackingAccess access;
    private final RegistryPublishing publishing;
    private final Repos repos;
    private final FileCommits commits;

    public RegistryRoutes(ModelRegistry registry, TrackingAccess access, RegistryPublishing publishing, Repos repos, FileCommits commits) {
        this.registry = registry;
        this.access = access;
        this.publishing = publishing;
        this.repos = repos;
        this.commits = commits;
    }

    /** The request's model, which the caller must be able to read. */
    private String readable(Context ctx, MlflowRequest r) {
        String name = r.required("name");
        access.requireModel(Callers.of(ctx), name, Permission.READ);
        return name;
    }

    /** The request's model, which the caller (already known to hold a write token) must hold {@code needed} on. */
    private String writable(Caller caller, MlflowRequest r, Permission needed) {
        String name = r.required("name");
        access.requireModel(caller, name, needed);
        return name;
    }

    @Override
    public void register(RoutesConfig routes) {
        route(routes, HandlerType.POST, "registered-models/create", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("registered_model", model(registry.createModel(caller, r.required("name"), tags(r), r.string("description")))));
        });
        route(routes, HandlerType.GET, "registered-models/get", ctx ->
                JsonOut.json(ctx, Map.of("registered_model", model(registry.getModel(readable(ctx, MlflowRequest.of(ctx)))))));
        route(routes, HandlerType.POST, "registered-models/rename", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("registered_model", model(registry.renameModel(writable(caller, r, Permission.EDIT), r.required("new_name")))));
        });
        route(routes, HandlerType.PATCH, "registered-models/update", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("registered_model", model(registry.updateModel(writable(caller, r, Permission.EDIT), r.string("description")))));
        });
        route(routes, HandlerType.DELETE, "registered-models/delete", ctx -> {
            Caller caller = Callers.writer(ctx);
            registry.deleteModel(writable(caller, MlflowRequest.of(ctx), Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        Handler searchModels = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            var page = registry.searchModels(Callers.of(ctx), r.string("filter"), r.int32("max_results", 100), r.strings("order_by"),
                    r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("registered_models", page.items().stream().map(RegistryRoutes::model).toList(), page.nextPageToken()));
        };
        route(routes, HandlerType.GET, "registered-models/search", searchModels);
        route(routes, HandlerType.POST, "registered-models/search", searchModels);
        Handler latest = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("model_versions", registry.latestVersions(readable(ctx, r), r.strings("stages")).stream()
                    .map(RegistryRoutes::version).toList()));
        };
        route(routes, HandlerType.POST, "registered-models/get-latest-versions", latest);
        route(routes, HandlerType.GET, "registered-models/get-latest-versions", latest);
        route(routes, HandlerType.POST, "registered-models/set-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.setModelTag(writable(caller, r, Permission.EDIT), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.DELETE, "registered-models/delete-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.deleteModelTag(writable(caller, r, Permission.EDIT), r.required("key"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.POST, "registered-models/alias", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.setAlias(writable(caller, r, Permission.EDIT), r.required("alias"), versionNumber(r));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.DELETE, "registered-models/alias", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.deleteAlias(writable(caller, r, Permission.MANAGE), r.required("alias"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.GET, "registered-models/alias", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("model_version", version(registry.versionByAlias(readable(ctx, r), r.required("alias")))));
        });
        registerVersions(routes);
    }

    private void registerVersions(RoutesConfig routes) {
        route(routes, HandlerType.POST, "model-versions/create", ctx -> {
            Principal p = Callers.writingPrincipal(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            String name = writable(Callers.of(p), r, Permission.EDIT);
            publishing.checkSource(r.required("source"), new HubPublisher(repos, commits, p));
            JsonOut.json(ctx, Map.of("model_version", version(registry.createVersion(name, r.required("source"), r.string("run_id"),
                    tags(r), r.string("run_link"), r.string("description"), p.user().name()))));
        });
        route(routes, HandlerType.POST, "model-versions/publish", ctx -> {
            Principal p = Callers.writingPrincipal(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            RegistryPublishing.Publication done = publishing.publish(Callers.of(p), r.required("name"), versionNumber(r), r.required("repo"),
                    r.bool("private"), new HubPublisher(repos, commits, p));
            String repo = done.owner() + "/" + done.repo();
            JsonOut.json(ctx, Map.of("model_version", version(done.version()),
                    "hub", Map.of("repo", repo, "commit", done.commit(), "url", ctx.scheme() + "://" + ctx.host() + "/" + repo)));
        });
        route(routes, HandlerType.GET, "model-versions/get", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("model_version", version(registry.getVersion(readable(ctx, r), versionNumber(r)))));
        });
        route(routes, HandlerType.PATCH, "model-versions/update", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("model_version", version(registry.updateVersion(writable(caller, r, Permission.EDIT), versionNumber(r),
                    r.string("description")))));
        });
        route(routes, HandlerType.DELETE, "model-versions/delete", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.deleteVersion(writable(caller, r, Permission.MANAGE), versionNumber(r));
            JsonOut.json(ctx, Map.of());
        });
        Handler search = ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            var page = registry.searchVersions(Callers.of(ctx), r.string("filter"), r.int32("max_results", 10_000), r.strings("order_by"),
                    r.string("page_token"));
            JsonOut.json(ctx, TrackingViews.page("model_versions", page.items().stream().map(RegistryRoutes::version).toList(), page.nextPageToken()));
        };
        route(routes, HandlerType.GET, "model-versions/search", search);
        route(routes, HandlerType.POST, "model-versions/search", search);
        route(routes, HandlerType.GET, "model-versions/get-download-uri", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of("artifact_uri", registry.downloadUri(readable(ctx, r), versionNumber(r))));
        });
        route(routes, HandlerType.POST, "model-versions/transition-stage", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            boolean archive = "true".equalsIgnoreCase(r.string("archive_existing_versions"));
            JsonOut.json(ctx, Map.of("model_version", version(registry.transitionStage(writable(caller, r, Permission.EDIT), versionNumber(r),
                    r.required("stage"), archive))));
        });
        route(routes, HandlerType.POST, "model-versions/set-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.setVersionTag(writable(caller, r, Permission.EDIT), versionNumber(r), r.required("key"), r.string("value"));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.DELETE, "model-versions/delete-tag", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            registry.deleteVersionTag(writable(caller, r, Permission.MANAGE), versionNumber(r), r.required("key"));
            JsonOut.json(ctx, Map.of());
        });
    }

    private static int versionNumber(MlflowRequest r) {
        String v = r.required("version");
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("Model version must be an integer, got '" + v + "'");
        }
    }

    private static Map<String, String> tags(MlflowRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : TrackingRoutes.keyValues(r, "tags")) {
            out.put(kv.key(), kv.value());
        }
        return out;
    }

    static Map<String, Object> model(RegisteredModel m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("creation_timestamp", m.creationTimestamp());
        out.put("last_updated_timestamp", m.lastUpdatedTimestamp());
        if (m.description() != null) {
            out.put("description", m.description());
        }
        out.put("latest_versions", m.latestVersions().stream().map(RegistryRoutes::version).toList());
        out.put("tags", TrackingViews.tagList(m.tags()));
        List<Map<String, Object>> aliases = new ArrayList<>();
        m.aliases().forEach((a, v) -> aliases.add(Map.of("alias", a, "version", Integer.toString(v))));
        out.put("aliases", aliases);
        return out;
    }

    static Map<String, Object> version(ModelVersion v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", v.name());
        out.put("version", Integer.toString(v.version()));
        out.put("creation_timestamp", v.creationTimestamp());
        out.put("last_updated_timestamp", v.lastUpdatedTimestamp());
        putIfSet(out, "user_id", v.userId());
        out.put("current_stage", v.currentStage());
        putIfSet(out, "description", v.description());
        out.put("source", v.source());
        putIfSet(out, "run_id", v.runId());
        out.put("status", v.status());
        putIfSet(out, "status_message", v.statusMessage());
        out.put("tags", TrackingViews.tagList(v.tags()));
        putIfSet(out, "run_link", v.runLink());
        out.put("aliases", v.aliases());
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
