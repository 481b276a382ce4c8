package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/** The branches and tags page. */
public record RefsView(Shell shell, RepoHeader header, List<Ref> branches, List<Ref> tags) {
    public record Ref(String name, String treeHref, String commitsHref, String commitHref, String shortSha) {}
}
