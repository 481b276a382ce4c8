package org.chorus.server.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.server.http.Routes;
import org.chorus.tracking.ArtifactPaths;
import org.chorus.tracking.ArtifactStore;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Permission;
import org.chorus.tracking.TrackingAccess;

/**
 * MLflow's artifact proxy ({@code mlflow-artifacts:/…} URIs) over the artifact port. A path follows the experiment its
 * first segment names (MLflow's rule: reading needs READ, writing EDIT, deleting MANAGE; see
 * {@link TrackingAccess#requireArtifact}). Multipart uploads hand out part URLs on this server
 * ({@code mpu/parts/{upload_id}/{part_number}}) instead of presigned S3 URLs; the random upload id stands for the
 * permission checked when it was created, as a presigned URL would, and completing checks again.
 */
public final class ArtifactRoutes implements Routes {
    private static final String BASE = "/api/2.0/mlflow-artifacts/";

    private final ArtifactStore store;
    private final TrackingAccess access;

    public ArtifactRoutes(ArtifactStore store, TrackingAccess access) {
        this.store = store;
        this.access = access;
    }

    /** The path of a change, which the caller must hold a write token and {@code needed} on. */
    private String writable(Context ctx, Permission needed) {
        Caller caller = Callers.writer(ctx);
        String path = ArtifactPaths.require(ctx.pathParam("path"), false);
        access.requireArtifact(caller, path, needed);
        return path;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get(BASE + "artifacts", ctx -> list(ctx, ctx.queryParam("path")));
        routes.get(BASE + "artifacts/<path>", ctx -> {
            String path = ArtifactPaths.require(ctx.pathParam("path"), false);
            access.requireArtifact(Callers.of(ctx), path, Permission.READ);
            ctx.contentType("application/octet-stream");
            ctx.result(store.get(path));
        });
        routes.put(BASE + "artifacts/<path>", ctx -> {
            store.put(writable(ctx, Permission.EDIT), ctx.bodyInputStream());
            JsonOut.json(ctx, Map.of());
        });
        routes.delete(BASE + "artifacts/<path>", ctx -> {
            store.delete(writable(ctx, Permission.MANAGE));
            JsonOut.json(ctx, Map.of());
        });
        routes.post(BASE + "mpu/create/<path>", ctx -> {
            String path = writable(ctx, Permission.EDIT);
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
            Callers.writer(ctx);
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
            String path = writable(ctx, Permission.EDIT);
            MlflowRequest r = MlflowRequest.of(ctx);
            List<Integer> parts = new ArrayList<>();
            for (JsonNode p : r.array("parts")) {
                parts.add(MlflowRequest.toInt("parts.part_number", p.get("part_number"), 0));
            }
            store.completeUpload(path, r.required("upload_id"), parts);
            JsonOut.json(ctx, Map.of());
        });
        routes.post(BASE + "mpu/abort/<path>", ctx -> {
            writable(ctx, Permission.EDIT);
            store.abortUpload(MlflowRequest.of(ctx).required("upload_id"));
            JsonOut.json(ctx, Map.of());
        });
    }

    private void list(Context ctx, String path) {
        String dir = ArtifactPaths.require(path, true);
        Caller caller = Callers.of(ctx);
        access.requireArtifact(caller, dir, Permission.READ);
        List<ArtifactStore.Entry> entries = store.list(dir);
        if (dir.isEmpty()) { // the root lists experiments' directories: only those the caller may read
            Set<String> readable = Set.copyOf(access.readableArtifactRoots(caller, entries.stream().map(ArtifactStore.Entry::path).toList()));
            entries = entries.stream().filter(e -> readable.contains(e.path())).toList();
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (ArtifactStore.Entry e : entries) {
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
