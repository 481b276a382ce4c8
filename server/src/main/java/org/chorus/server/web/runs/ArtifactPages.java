package org.chorus.server.web.runs;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.FileViews;
import org.chorus.server.web.Links;
import org.chorus.server.web.Pages;
import org.chorus.server.web.WebAuth;
import org.chorus.server.web.hub.BlobView;
import org.chorus.server.web.hub.FilePages;
import org.chorus.server.web.hub.Formats;
import org.chorus.tracking.ArtifactPaths;
import org.chorus.tracking.ArtifactStore;
import org.chorus.tracking.Caller;
import org.chorus.tracking.Permission;
import org.chorus.tracking.Run;

/**
 * A run's artifacts in the browser: directories, and files with the repository file page's previews (text and JSON as
 * numbered lines, CSV/TSV/JSON Lines as a table, safetensors headers, images). Paths pass {@link ArtifactPaths#require}
 * and {@code TrackingAccess.requireArtifact} (READ), as the artifact API's own routes do. Raw bytes download as
 * attachments, except the image types shown inline (never SVG).
 */
public final class ArtifactPages {
    private static final String PROXY_PREFIX = "mlflow-artifacts:/";
    private static final long MAX_TEXT_BYTES = 1L << 20;
    private static final int TABLE_ROWS = 100;
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg",
            "gif", "image/gif", "webp", "image/webp", "bmp", "image/bmp", "avif", "image/avif", "ico", "image/x-icon");

    private final WebAuth auth;
    private final Tracking tracking;

    public ArtifactPages(WebAuth auth, Tracking tracking) {
        this.auth = auth;
        this.tracking = tracking;
    }

    /** The run's artifact root in the store ({@code <experiment>/<run>/artifacts}), or null when stored elsewhere. */
    static String root(Run run) {
        String uri = run.info().artifactUri();
        return uri != null && uri.startsWith(PROXY_PREFIX) ? uri.substring(PROXY_PREFIX.length()) : null;
    }

    /** The root directory's entries for the run page (null when the run's artifacts are not in this server's store). */
    ArtifactsView.Listing rootListing(Caller caller, Run run) {
        String root = root(run);
        if (root == null) {
            return null;
        }
        tracking.access().requireArtifact(caller, root, Permission.READ);
        return listing(run, root, "", tracking.artifacts().list(root));
    }

    public void page(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        Run run = tracking.run(ctx, caller, Permission.READ);
        String root = root(run);
        if (root == null) {
            throw ChorusException.notFound("this run's artifacts are not stored on this server");
        }
        String sub = ctx.pathParamMap().containsKey("path") ? ArtifactPaths.require(ctx.pathParam("path"), true) : "";
        String path = sub.isEmpty() ? root : root + "/" + sub;
        tracking.access().requireArtifact(caller, path, Permission.READ);
        var info = run.info();
        String eid = info.experimentId();
        List<ArtifactsView.Crumb> crumbs = crumbs(eid, info.runId(), sub);
        List<ArtifactStore.Entry> entries = tracking.artifacts().list(path);
        ArtifactStore.Entry file = entries.isEmpty() && !sub.isEmpty() ? file(path) : null;
        String title = (sub.isEmpty() ? "artifacts" : sub) + " · " + info.runName();
        if (file == null) {
            Pages.render(ctx, "runs/artifacts.jte", new ArtifactsView(auth.shell(ctx, title), eid, info.runId(), info.runName(),
                    Links.run(eid, info.runId()), crumbs, listing(run, path, sub, entries), null, null, null, null, null, false, null));
            return;
        }
        String name = sub.substring(sub.lastIndexOf('/') + 1);
        String raw = Links.runArtifactRaw(eid, info.runId(), sub);
        List<String> lines = null;
        FileViews.TablePreview table = null;
        BlobView.Safetensors tensors = null;
        boolean image = false;
        String note = null;
        FileViews.Bytes bytes = (offset, length) -> read(path, offset, length);
        try {
            if (name.toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
                tensors = BlobView.Safetensors.of(FileViews.safetensorsOf(bytes, file.fileSize()));
            } else if (FileViews.isTable(name)) {
                table = FileViews.tableOf(name, bytes, file.fileSize(), TABLE_ROWS);
            } else if (FilePages.isImage(name)) {
                image = true;
            } else if (file.fileSize() <= MAX_TEXT_BYTES) {
                lines = FilePages.textLines(bytes.read(0, file.fileSize()));
                note = lines == null ? "This file is binary. Download it to open it." : null;
            } else {
                note = "This file is too large to show here (" + Formats.size(file.fileSize()) + "). Download it.";
            }
        } catch (ChorusException e) {
            note = "This file could not be previewed: " + e.getMessage();
        }
        Pages.render(ctx, "runs/artifacts.jte", new ArtifactsView(auth.shell(ctx, title), eid, info.runId(), info.runName(),
                Links.run(eid, info.runId()), crumbs, null, name, raw, lines, table, tensors, image, note));
    }

    /** A file's bytes: images inline with their type, everything else as an attachment. */
    public void raw(Context ctx) {
        Caller caller = tracking.caller(auth, ctx);
        Run run = tracking.run(ctx, caller, Permission.READ);
        String root = root(run);
        if (root == null) {
            throw ChorusException.notFound("this run's artifacts are not stored on this server");
        }
        String sub = ArtifactPaths.require(ctx.pathParam("path"), false);
        String path = root + "/" + sub;
        tracking.access().requireArtifact(caller, path, Permission.READ);
        file(path);
        String name = sub.substring(sub.lastIndexOf('/') + 1);
        String type = IMAGE_TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
        if (type == null) {
            ctx.header("Content-Disposition", "attachment");
            type = "application/octet-stream";
        }
        ctx.contentType(type).result(tracking.artifacts().get(path));
    }

    private ArtifactStore.Entry file(String path) {
        String parent = path.substring(0, path.lastIndexOf('/'));
        return tracking.artifacts().list(parent).stream().filter(e -> !e.isDir() && e.path().equals(path)).findFirst()
                .orElseThrow(() -> ChorusException.notFound("no such artifact"));
    }

    private byte[] read(String path, long offset, long length) {
        try (InputStream in = tracking.artifacts().get(path)) {
            in.skipNBytes(offset);
            return in.readNBytes((int) length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ArtifactsView.Listing listing(Run run, String dir, String sub, List<ArtifactStore.Entry> entries) {
        var info = run.info();
        List<ArtifactsView.Entry> rows = new ArrayList<>();
        entries.stream().sorted((a, b) -> a.isDir() != b.isDir() ? (a.isDir() ? -1 : 1) : a.path().compareTo(b.path())).forEach(e -> {
            String rel = e.path().substring(dir.length() + 1);
            String name = rel.substring(rel.lastIndexOf('/') + 1);
            String subPath = sub.isEmpty() ? rel : sub + "/" + rel;
            rows.add(new ArtifactsView.Entry(name, Links.runArtifacts(info.experimentId(), info.runId(), subPath), e.isDir(),
                    e.isDir() ? "" : Formats.size(e.fileSize())));
        });
        return new ArtifactsView.Listing(sub, rows);
    }

    private static List<ArtifactsView.Crumb> crumbs(String eid, String runId, String sub) {
        List<ArtifactsView.Crumb> out = new ArrayList<>();
        out.add(new ArtifactsView.Crumb("artifacts", Links.runArtifacts(eid, runId, "")));
        if (!sub.isEmpty()) {
            String at = "";
            for (String segment : sub.split("/")) {
                at = at.isEmpty() ? segment : at + "/" + segment;
                out.add(new ArtifactsView.Crumb(segment, Links.runArtifacts(eid, runId, at)));
            }
        }
        return out;
    }
}
