package org.chorus.server.web.runs;

import java.util.List;
import org.chorus.hub.repos.FileViews;
import org.chorus.server.web.Shell;
import org.chorus.server.web.hub.BlobView;

/**
 * A run's artifacts: a directory's entries, or one file with its preview (text, a JSON or CSV table, an image, a
 * safetensors summary, the same readers as repository files), or a note when there is nothing to preview.
 */
public record ArtifactsView(Shell shell, String experimentId, String runId, String runName, String runHref, List<Crumb> crumbs,
                            Listing listing, String fileName, String rawHref, List<String> lines, FileViews.TablePreview table,
                            BlobView.Safetensors tensors, boolean image, String note) {

    public record Crumb(String name, String href) {}

    public record Entry(String name, String href, boolean directory, String size) {}

    /** A directory's entries (null on a file's page). */
    public record Listing(String path, List<Entry> entries) {}
}
