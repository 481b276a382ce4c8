package org.chorus.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.chorus.discovery.Ecosystems;
import org.chorus.discovery.Snapshots;
import org.chorus.hub.accounts.Principal;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.server.hf.FileSizeLimit;
import org.chorus.server.http.Auth;
import org.chorus.server.http.Routes;

/**
 * Hub snapshots and ecosystems: {@code GET /api/chorus/ecosystems} (anyone: the live hub and the imported snapshots),
 * {@code POST /api/chorus/ecosystems/{name}?type=model|dataset} (site admin; the body is a snapshot's Parquet file,
 * streamed to a scratch file of at most the server's file size limit), {@code DELETE /api/chorus/ecosystems/{name}}
 * and {@code POST /api/chorus/snapshots/export?repo=owner/name} (site admin).
 */
public final class EcosystemRoutes implements Routes {
    private final Ecosystems ecosystems;
    private final Snapshots snapshots;
    private final FileSizeLimit sizes;
    private final Path scratch;

    public EcosystemRoutes(Ecosystems ecosystems, Snapshots snapshots, FileSizeLimit sizes, Path scratch) {
        this.ecosystems = ecosystems;
        this.snapshots = snapshots;
        this.sizes = sizes;
        this.scratch = scratch;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/api/chorus/ecosystems", this::list);
        routes.post("/api/chorus/ecosystems/{name}", this::importFile);
        routes.delete("/api/chorus/ecosystems/{name}", this::delete);
        routes.post("/api/chorus/snapshots/export", this::export);
    }

    private void list(Context ctx) {
        ctx.json(ecosystems.list().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("source", e.importedAt() == null ? "live" : "snapshot");
            if (e.importedAt() != null) {
                m.put("models", e.models());
                m.put("datasets", e.datasets());
                m.put("importedAt", e.importedAt().toString());
            }
            return m;
        }).toList());
    }

    private static Principal admin(Context ctx) {
        Principal p = Auth.required(ctx);
        p.requireSiteAdmin();
        p.requireWriteToken();
        return p;
    }

    private void importFile(Context ctx) {
        admin(ctx);
        String name = Ecosystems.requireName(ctx.pathParam("name"));
        String type = ctx.queryParam("type");
        RepoType kind = switch (type == null ? "model" : type) {
            case "model" -> RepoType.MODEL;
            case "dataset" -> RepoType.DATASET;
            default -> throw ChorusException.invalid("type must be model or dataset");
        };
        long declared = ctx.contentLength();
        if (declared > 0) {
            sizes.check("the snapshot file", declared);
        }
        Path file = upload(ctx);
        try {
            Ecosystems.Imported done = ecosystems.importFile(file, name, kind, ctx.queryParam("source"));
            ctx.json(Map.of("name", done.name(), "type", done.kind().wire(), "imported", done.repos(), "skipped", done.skipped()));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a scratch file; the next start's clean-up is not needed for correctness
            }
        }
    }

    /** The body in a scratch file, refused past the file size limit (a body without a declared length is counted). */
    private Path upload(Context ctx) {
        try {
            Files.createDirectories(scratch);
            Path file = Files.createTempFile(scratch, "import-", ".parquet");
            long total = 0;
            try (InputStream in = ctx.bodyInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > sizes.maxBytes()) {
                        throw new ChorusException(ErrorCode.PAYLOAD_TOO_LARGE, "the snapshot file is larger than this server's limit of "
                                + sizes.maxBytes() + " bytes");
                    }
                    out.write(buf, 0, n);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            if (total == 0) {
                Files.deleteIfExists(file);
                throw ChorusException.invalid("the request body must be the snapshot's Parquet file");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the uploaded snapshot", e);
        }
    }

    private void delete(Context ctx) {
        admin(ctx);
        ecosystems.delete(ctx.pathParam("name"));
        ctx.status(204);
    }

    private void export(Context ctx) {
        Principal p = admin(ctx);
        String repo = ctx.queryParam("repo");
        Snapshots.Exported e = snapshots.export(p, repo == null ? null : datasetRepo(repo));
        ctx.json(Map.of("repo", e.repo(), "sha", e.sha(), "models", e.models(), "datasets", e.datasets()));
    }

    private static RepoId datasetRepo(String ownerSlashName) {
        int slash = ownerSlashName.indexOf('/');
        if (slash <= 0 || slash != ownerSlashName.lastIndexOf('/')) {
            throw ChorusException.invalid("repo must be owner/name, got '" + ownerSlashName.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        return RepoId.of(RepoType.DATASET, ownerSlashName.substring(0, slash), ownerSlashName.substring(slash + 1));
    }
}
