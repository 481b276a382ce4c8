package org.chorus.server.web.hub;

import java.util.List;

/**
 * The branch/tag selector above the file browser: the revision being shown ({@code label}, its commit) and the
 * same path at each branch and tag.
 */
public record RevSelector(String label, String commit, String shortCommit, List<Choice> branches, List<Choice> tags) {
    public record Choice(String name, String href, boolean current) {}
}
