package org.chorus.server.web.account;

import java.util.List;
import org.chorus.server.web.Shell;
import org.chorus.server.web.hub.RepoRow;

/**
 * {@code /{owner}}: a user or an organisation with its avatar, the repositories the caller may see, the members
 * (organisations), and the commit calendar. {@code settingsHref}: the caller's way to manage it, or null.
 */
public record ProfileView(Shell shell, String name, String fullname, String bio, boolean isOrg, String avatar, List<RepoRow> repos,
                          List<Member> members, Heatmap heatmap, String settingsHref) {

    public record Member(String name, String href, String avatar, String role) {}
}
