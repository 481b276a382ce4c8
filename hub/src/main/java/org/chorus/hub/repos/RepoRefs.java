package org.chorus.hub.repos;

import java.util.List;

/** A repository's branches and tags with the commit each points at. */
public record RepoRefs(List<Named> branches, List<Named> tags) {
    public record Named(String name, String ref, String targetCommit) {}
}
