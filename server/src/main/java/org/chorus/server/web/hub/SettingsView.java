package org.chorus.server.web.hub;

import org.chorus.server.web.Shell;

/**
 * The settings page: visibility, rename or transfer, delete. {@code admin} says whether the forms may be used
 * (writers see the page with the forms disabled); {@code done} names the change just made, for the notice.
 */
public record SettingsView(Shell shell, RepoHeader header, String fullName, String owner, String name, boolean isPrivate,
                           boolean admin, String visibilityAction, String moveAction, String deleteAction, String done) {}
