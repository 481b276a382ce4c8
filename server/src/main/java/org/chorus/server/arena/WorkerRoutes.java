package org.chorus.server.arena;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.chorus.arena.Workers;
import org.chorus.core.ChorusException;
import org.chorus.jobs.Blame;
import org.chorus.jobs.LeaseRef;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Json;
import org.chorus.server.http.Routes;

/**
 * Bring-your-own scoring workers. The host registers, lists and revokes a competition's workers under
 * {@code /api/chorus/competitions/{name}/workers}; a worker calls {@code /api/chorus/workers/…} with its own token
 * ({@code Authorization: Bearer chw_…}, which user authentication leaves alone) and names the lease it holds in
 * {@value #LEASE_HEADER}. The service decides what a worker may do; see {@link Workers}.
 */
public final class WorkerRoutes implements Routes {
    /** The worker API's path prefix: requests under it carry a worker's token, not a user's. */
    public static final String BASE = "/api/chorus/workers";
    static final String LEASE_HEADER = "X-Chorus-Lease";
    private static final String COMPETITIONS = "/api/chorus/competitions/{name}/workers";

    private final Workers workers;
    private final int maxFileBytes;

    public WorkerRoutes(Workers workers, long maxBodyBytes) {
        this.workers = workers;
        this.maxFileBytes = CompetitionRoutes.maxFileBytes(maxBodyBytes);
    }

    record RegisterBody(String name) {}

    @Override
    public void register(RoutesConfig routes) {
        routes.post(COMPETITIONS, ctx -> {
            Workers.Issued issued = workers.register(Auth.required(ctx), ctx.pathParam("name"), Json.body(ctx, RegisterBody.class).name());
            Map<String, Object> m = registered(issued.worker());
            m.put("token", issued.token());
            ctx.status(201).json(m);
        });
        routes.get(COMPETITIONS, ctx -> ctx.json(workers.list(Auth.required(ctx), ctx.pathParam("name")).stream().map(WorkerRoutes::registered).toList()));
        routes.delete(COMPETITIONS + "/{worker}", ctx -> {
            workers.revoke(Auth.required(ctx), ctx.pathParam("name"), ctx.pathParam("worker"));
            ctx.status(204);
        });
        routes.post(BASE + "/claim", ctx -> {
            Workers.Worker worker = worker(ctx);
            Duration wait = seconds(ctx, "wait", Workers.MAX_WAIT);
            Optional<Workers.Assignment> got = workers.claim(worker, seconds(ctx, "lease", Workers.DEFAULT_LEASE), wait);
            if (got.isEmpty()) {
                ctx.status(204);
            } else {
                ctx.json(assignment(got.get()));
            }
        });
        routes.get(BASE + "/jobs/{job}/files", ctx -> {
            Workers.Files files = workers.files(worker(ctx), lease(ctx));
            Workers.ModelJob model = files.model();
            ctx.json(model == null
                    ? Map.of("job", files.jobId(), "submission", files.submissionId(), "metric", files.metric(), "mode", "file",
                            "parts", files.parts().stream().map(p -> Map.of("split", p.split(), "rows", p.rows(), "solution", p.solution(),
                                    "submission", p.submission())).toList())
                    : Map.of("job", files.jobId(), "submission", files.submissionId(), "metric", files.metric(), "mode", "model",
                            "model", model.repo(), "commit", model.commit(), "inputsPath", model.inputsPath(), "inputs", model.inputs()));
        });
        routes.get(BASE + "/jobs/{job}/model", ctx -> {
            Workers.Worker worker = worker(ctx);
            ctx.json(Map.of("files", workers.modelFiles(worker, lease(ctx)).stream().map(f -> Map.of("path", f.path(), "size", f.size())).toList()));
        });
        routes.get(BASE + "/jobs/{job}/model/<path>", ctx -> {
            Workers.Worker worker = worker(ctx);
            Workers.Opened file = workers.modelFile(worker, lease(ctx), ctx.pathParam("path"));
            ctx.contentType("application/octet-stream");
            ctx.header("Content-Length", Long.toString(file.size()));
            ctx.result(file.in());
        });
        routes.post(BASE + "/jobs/{job}/predictions", ctx -> {
            Workers.Worker worker = worker(ctx);
            Optional<String> refused = workers.predictions(worker, lease(ctx), CompetitionRoutes.fileBody(ctx, maxFileBytes));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("job", ctx.pathParam("job"));
            m.put("state", refused.isEmpty() ? "succeeded" : "failed");
            m.put("error", refused.orElse(null));
            ctx.json(m);
        });
        routes.post(BASE + "/jobs/{job}/heartbeat", ctx -> {
            Workers.Worker worker = worker(ctx);
            ctx.json(assignment(workers.heartbeat(worker, lease(ctx), seconds(ctx, "lease", Workers.DEFAULT_LEASE))));
        });
        routes.post(BASE + "/jobs/{job}/result", ctx -> {
            Workers.Worker worker = worker(ctx);
            JsonNode body = Json.tree(ctx);
            workers.complete(worker, lease(ctx), new Workers.Report(number(body, "public"), number(body, "private"),
                    numbers(body, "publicLosses"), numbers(body, "privateLosses")));
            ctx.json(Map.of("job", ctx.pathParam("job"), "state", "succeeded"));
        });
        routes.post(BASE + "/jobs/{job}/failure", ctx -> {
            Workers.Worker worker = worker(ctx);
            JsonNode body = Json.tree(ctx);
            JsonNode message = body.path("message");
            workers.fail(worker, lease(ctx), Blame.parse(body.path("blame").asText(null)), message.isTextual() ? message.asText() : null);
            ctx.json(Map.of("job", ctx.pathParam("job"), "reported", "failure"));
        });
    }

    private Workers.Worker worker(Context ctx) {
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        return workers.authenticate(token);
    }

    private static LeaseRef lease(Context ctx) {
        return new LeaseRef(ctx.pathParam("job"), ctx.header(LEASE_HEADER));
    }

    private static Duration seconds(Context ctx, String param, Duration fallback) {
        String text = ctx.queryParam(param);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw ChorusException.invalid(param + " must be a whole number of seconds");
        }
    }

    private static Double number(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw ChorusException.invalid(field + " must be a number");
        }
        return n.asDouble();
    }

    private static double[] numbers(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw ChorusException.invalid(field + " must be an array of numbers");
        }
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) {
                throw ChorusException.invalid(field + "[" + i + "] is not a number");
            }
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static Map<String, Object> registered(Workers.Registered w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", w.name());
        m.put("createdAt", w.createdAt().toString());
        m.put("lastSeenAt", w.lastSeenAt() == null ? null : w.lastSeenAt().toString());
        return m;
    }

    private static Map<String, Object> assignment(Workers.Assignment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", a.jobId());
        m.put("lease", a.lease());
        m.put("submission", a.submissionId());
        m.put("attempt", a.attempt());
        m.put("expiresAt", a.expiresAt().toString());
        return m;
    }
}
