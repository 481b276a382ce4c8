package org.chorus.tracking;

import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * Port onto the hub's model repositories as one caller sees them: the server binds it to the request's principal,
 * so visibility and write rights are the hub's own checks (a repository the caller may not read does not exist).
 */
public interface ModelPublisher {

    /**
     * Refuses unless the caller may write to the model repository and it holds the commit: a repository the caller
     * cannot see, or a missing commit, is not found; one they can only read is forbidden.
     */
    void requireWritableRevision(String owner, String repo, String commit);

    /**
     * Commits the files (added or replaced) to the model repository's {@code main} in one commit, creating the
     * repository first, private if asked, when it does not exist; returns the commit id.
     */
    String commit(String owner, String repo, boolean createPrivate, String summary, List<File> files);

    /** A file to publish; {@code bytes} may be opened more than once (large files are hashed, then stored). */
    record File(String path, Supplier<InputStream> bytes) {}
}
