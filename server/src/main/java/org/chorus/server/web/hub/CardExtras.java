package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.registry.Registrations;

/**
 * The card tab's side panels; {@code tree} is null for datasets (only models have a model tree); {@code registered}: the
 * registry versions the caller may read whose source is a revision of this repository.
 */
public record CardExtras(DownloadChart downloads, LikeButton like, List<Snippet> snippets, ModelTreePanel tree,
                         List<Registrations.Registration> registered) {

    /** A "Use this model" snippet: a tab label, an element id, and the code. */
    public record Snippet(String label, String id, String code) {}
}
