package org.chorus.server.web.hub;

import java.util.List;
import org.chorus.server.web.Shell;

/** The delete page: the branch's files and where the form posts. */
public record DeleteView(Shell shell, RepoHeader header, String branch, List<Row> files, String action) {
    /** One file: its path, size, and whether it is a large (LFS) file. */
    public record Row(String path, long size, boolean large) {}
}
