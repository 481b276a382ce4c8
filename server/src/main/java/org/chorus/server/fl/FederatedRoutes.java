package org.chorus.server.fl;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import org.chorus.federated.Coordinator;
import org.chorus.federated.TaskSpec;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.Repos;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/**
 * Federations and tasks over HTTP. Only site admins manage them: a task reads and publishes models with the
 * coordinator's own rights. Nodes themselves speak gRPC (docs/federated-protocol.md).
 */
public final class FederatedRoutes implements Routes {
    private final Coordinator coordinator;
    private final Repos repos;

    public FederatedRoutes(Coordinator coordinator, Repos repos) {
        this.coordinator = coordinator;
        this.repos = repos;
    }

    record NewFederation(String name) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/chorus/federations", ctx -> {
            admin(ctx);
            NewFederation req = Json.body(ctx, NewFederation.class);
            String token = coordinator.createFederation(req.name());
            ctx.status(201).json(Map.of("name", req.name(), "joinToken", token));
        });
        routes.post("/api/chorus/federated/tasks", ctx -> {
            Principal p = admin(ctx); // before the body is read: a non-admin learns nothing about its shape
            TaskSpec spec = Json.body(ctx, TaskSpec.class);
            ctx.status(201).json(Map.of("id", FederatedTasks.start(coordinator, repos, p, spec)));
        });
        routes.get("/api/chorus/federated/tasks/{id}", ctx -> {
            admin(ctx);
            ctx.json(coordinator.task(ctx.pathParam("id")));
        });
        routes.get("/api/chorus/federated/tasks/{id}/rounds", ctx -> {
            admin(ctx);
            ctx.json(TaskRounds.of(coordinator.task(ctx.pathParam("id"))));
        });
        routes.get("/api/chorus/federations", ctx -> {
            admin(ctx);
            ctx.json(coordinator.federations());
        });
        routes.get("/api/chorus/federations/{name}/nodes", ctx -> {
            admin(ctx);
            ctx.json(coordinator.nodes(ctx.pathParam("name")));
        });
        routes.get("/api/chorus/federated/tasks", ctx -> {
            admin(ctx);
            ctx.json(coordinator.tasks());
        });
        routes.post("/api/chorus/federated/tasks/{id}/stop", ctx -> {
            admin(ctx);
            ctx.json(coordinator.stop(ctx.pathParam("id")));
        });
        routes.post("/api/chorus/federated/tasks/{id}/pause", ctx -> {
            admin(ctx);
            ctx.json(coordinator.pause(ctx.pathParam("id")));
        });
        routes.post("/api/chorus/federated/tasks/{id}/resume", ctx -> {
            admin(ctx);
            ctx.json(coordinator.resume(ctx.pathParam("id")));
        });
    }

    private static Principal admin(io.javalin.http.Context ctx) {
        Principal p = Auth.required(ctx);
        p.requireSiteAdmin();
        return p;
    }
}
