package org.chorus.server.mlflow;

import static org.chorus.server.mlflow.TrackingRoutes.route;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.server.http.Routes;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Permission;
import org.chorus.tracking.PermissionGrant;
import org.chorus.tracking.PermissionTarget;
import org.chorus.tracking.TrackingAccess;

/**
 * MLflow's basic-auth permission endpoints: {@code experiments/permissions/create|get|update|delete} (POST, GET,
 * PATCH, DELETE; fields {@code experiment_id}, {@code username}, {@code permission}) and the same under
 * {@code registered-models/} with {@code name}. They manage one user's own grant and need MANAGE on the experiment
 * or model; create and get answer the grant as MLflow does, plus the user's name.
 */
public final class PermissionRoutes implements Routes {
    private final TrackingAccess access;

    public PermissionRoutes(TrackingAccess access) {
        this.access = access;
    }

    @Override
    public void register(RoutesConfig routes) {
        register(routes, "experiments", PermissionTarget.EXPERIMENT, "experiment_permission");
        register(routes, "registered-models", PermissionTarget.REGISTERED_MODEL, "registered_model_permission");
    }

    private void register(RoutesConfig routes, String prefix, PermissionTarget target, String field) {
        String key = target.keyField();
        route(routes, HandlerType.POST, prefix + "/permissions/create", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            PermissionGrant grant = access.createGrant(caller, target, r.required(key), r.required("username"),
                    Permission.parse(r.required("permission")));
            JsonOut.json(ctx, Map.of(field, json(grant)));
        });
        route(routes, HandlerType.GET, prefix + "/permissions/get", ctx -> {
            MlflowRequest r = MlflowRequest.of(ctx);
            JsonOut.json(ctx, Map.of(field, json(access.grant(Callers.of(ctx), target, r.required(key), r.required("username")))));
        });
        route(routes, HandlerType.PATCH, prefix + "/permissions/update", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            access.updateGrant(caller, target, r.required(key), r.required("username"), Permission.parse(r.required("permission")));
            JsonOut.json(ctx, Map.of());
        });
        route(routes, HandlerType.DELETE, prefix + "/permissions/delete", ctx -> {
            Caller caller = Callers.writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            access.deleteGrant(caller, target, r.required(key), r.required("username"));
            JsonOut.json(ctx, Map.of());
        });
    }

    /** MLflow's ExperimentPermission / RegisteredModelPermission JSON ({@code user_id} is the account id), plus {@code username}. */
    private static Map<String, Object> json(PermissionGrant g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(g.target().keyField(), g.key());
        out.put("user_id", g.userId());
        out.put("username", g.username());
        out.put("permission", g.permission().name());
        return out;
    }
}
