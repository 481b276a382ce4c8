package org.chorus.server.web.account;

import java.time.Instant;
import java.util.List;
import org.chorus.server.web.Shell;

/** The typed views of {@code /settings/…}; each section renders one. */
public final class SettingsViews {
    private SettingsViews() {}

    /** The settings menu: a section's label, link, and whether it is the one shown. */
    public record NavItem(String label, String href, boolean current) {}

    /**
     * {@code /settings/profile}: the user name (changed by a site admin) and the form for display name, email and bio,
     * holding what was sent when {@code error} (the service's refusal) is set; {@code saved} after a change.
     */
    public record Profile(Shell shell, List<NavItem> nav, String name, String fullname, String email, String bio, String profileHref,
                          String error, boolean saved) {}

    /** {@code /settings/password}: {@code message} after a refusal ({@code error}) or a success. */
    public record Password(Shell shell, List<NavItem> nav, String message, boolean error) {}

    /** {@code /settings/tokens}: the caller's tokens; {@code created} is the new token's secret, shown once, or null. */
    public record Tokens(Shell shell, List<NavItem> nav, List<TokenRow> tokens, String created, String createdName, String error) {}

    public record TokenRow(String id, String name, String role, Instant createdAt, Instant lastUsedAt, boolean revoked, String revokeHref) {}

    /** {@code /settings/organizations/{org}}: members and roles, changed by the organisation's admins. */
    public record OrgMembers(Shell shell, List<NavItem> nav, String org, String action, List<MemberRow> members, String error) {}

    public record MemberRow(String name, String role) {}
}
