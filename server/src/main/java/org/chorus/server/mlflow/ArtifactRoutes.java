package org.chorus.server.mlflow;

import static org.chorus.server.mlflow.TrackingRoutes.writer;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.server.http.Routes;
import org.chorus.tracking.ArtifactPaths;
import org.chorus.tracking.ArtifactStore;

/**
 * MLflow's artifact proxy ({@code mlflow-artifacts:/…} URIs) over the artifact port. Multipart uploads
 * hand out part URLs on this server ({@code mpu/parts/{upload_id}/{part_number}}) instead of presigned
 * S3 URLs; clients PUT each part there, then complete.
 */
public final class ArtifactRoutes implements Routes {
    private static final String BASE = "/api/2.0/mlflow-artifacts/";

    private final ArtifactStore store;

    public ArtifactRoutes(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "artifacts", ctx -> list(ctx, ctx.queryParam("path")));
        routes.get(BASE + "artifacts/<path>", ctx -> {
            String path = ArtifactPaths.require(ctx.pathParam("path"), false);
            ctx.contentType("application/octet-stream");
            ctx.result(store.get(path));
        });
        routes.put(BASE + "artifacts/<path>", ctx -> {
            writer(ctx);
            store.put(ArtifactPaths.require(ctx.pathParam("path"), false), ctx.bodyInputStream());
            JsonOut.json(ctx, Map.of());
        });
        routes.delete(BASE + "artifacts/<path>", ctx -> {
            writer(ctx);
            store.delete(ArtifactPaths.require(ctx.pathParam("path"), false));
            JsonOut.json(ctx, Map.of());
        });
        routes.post(BASE + "mpu/create/<path>", ctx -> {
            writer(ctx);
            String path = ArtifactPaths.require(ctx.pathParam("path"), false);
            MlflowRequest r = MlflowRequest.of(ctx);
            int parts = r.int32("num_parts", 1);
            if (parts < 1 || parts > 10_000) {
                throw ChorusException.invalid("num_parts must be between 1 and 10000, got " + parts);
            }
            String id = store.createUpload(path);
            List<Map<String, Object>> credentials = new ArrayList<>();
            String base = ctx.scheme() + "://" + ctx.host() + BASE + "mpu/parts/" + id + "/";
            for (int i = 1; i <= parts; i++) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("part_number", i);
                c.put("url", base + i);
                c.put("headers", Map.of());
                credentials.add(c);
            }
            JsonOut.json(ctx, Map.of("upload_id", id, "credentials", credentials));
        });
        routes.put(BASE + "mpu/parts/{upload}/{part}", ctx -> {
            writer(ctx);
            int part;
            try {
                part = Integer.parseInt(ctx.pathParam("part"));
            } catch (NumberFormatException e) {
                throw ChorusException.invalid("Part number must be an integer, got '" + ctx.pathParam("part") + "'");
            }
            store.putPart(ctx.pathParam("upload"), part, ctx.bodyInputStream());
            ctx.header("ETag", "\"" + ctx.pathParam("upload") + "-" + part + "\"");
            JsonOut.json(ctx, Map.of());
        });
        routes.post(BASE + "mpu/complete/<path>", ctx -> {
            writer(ctx);
            MlflowRequest r = MlflowRequest.of(ctx);
            List<Integer> parts = new ArrayList<>();
            for (JsonNode p : r.array("parts")) {
                parts.add((int) MlflowRequest.toLong("parts.part_number", p.get("part_number"), 0));
            }
            store.completeUpload(ArtifactPaths.require(ctx.pathParam("path"), false), r.required("upload_id"), parts);
            JsonOut.json(ctx, Map.of());
        });
        routes.post(BASE + "mpu/abort/<path>", ctx -> {
            writer(ctx);
            store.abortUpload(MlflowRequest.of(ctx).required("upload_id"));
            JsonOut.json(ctx, Map.of());
        });
    }

    private void list(Context ctx, String path) {
        String dir = ArtifactPaths.require(path, true);
        List<Map<String, Object>> files = new ArrayList<>();
        for (ArtifactStore.Entry e : store.list(dir)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", dir.isEmpty() ? e.path() : e.path().substring(dir.length() + 1));
            f.put("is_dir", e.isDir());
            if (!e.isDir()) {
                f.put("file_size", e.fileSize());
            }
            files.add(f);
        }
        JsonOut.json(ctx, files.isEmpty() ? Map.of() : Map.of("files", files));
    }
}
