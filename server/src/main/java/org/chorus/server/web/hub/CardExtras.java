package org.chorus.server.web.hub;

import java.util.List;

/** The card tab's side panels; {@code tree} is null for datasets (only models have a model tree). */
public record CardExtras(DownloadChart downloads, LikeButton like, List<Snippet> snippets, ModelTreePanel tree) {

    /** A "Use this model" snippet: a tab label, an element id, and the code. */
    public record Snippet(String label, String id, String code) {}
}
