package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/**
 * The settings page: visibility, rename or transfer, the large files the repository holds, delete. {@code admin} says
 * whether the forms may be used (writers see the page with the forms disabled); {@code done} names the change just
 * made, for the notice; {@code moreLargeFiles} links the next page of large files (null on the last).
 */
public record SettingsView(Shell shell, RepoHeader header, String fullName, String owner, String name, boolean isPrivate,
                           boolean admin, String visibilityAction, String moveAction, String deleteAction, String done,
                           List<LargeFileRow> largeFiles, String largeFilesAction, String moreLargeFiles) {

    /** One large file: its path on main ("" when only older commits name it, or none), size, upload time and sha256. */
    public record LargeFileRow(String filename, String size, String uploaded, String sha256) {}
}
