package org.chorus.hub.repos;

import org.chorus.core.ChorusException;
import org.chorus.core.PathText;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.ObjectChecker;

/**
 * The rules for file paths inside a repository. Every path is relative, uses forward slashes and has no empty,
 * {@code .} or {@code ..} segment, backslash, NUL or control character, and nothing under {@code .git/}
 * ({@link #require}: enough to look a path up or delete it). A path a commit or push <em>creates</em> must also be
 * one every client can check out ({@link #requireNew}): git's own rules as JGit's {@link ObjectChecker} applies them
 * for Windows and macOS (no {@code .git} look-alikes such as {@code .git\u200c}, {@code .git.} or {@code GIT~1}, no
 * reserved names such as {@code CON}, no {@code :*?"<>|}, no trailing dot or space) and {@link PathText}'s
 * character rules (NFC, no invisible characters, components of at most 255 bytes).
 */
public final class RepoPaths {
    public static final int MAX_LENGTH = 1024;

    private RepoPaths() {}

    public static String require(String path) {
        if (path == null || path.isEmpty()) {
            throw ChorusException.invalid("a file path is required");
        }
        if (path.length() > MAX_LENGTH) {
            throw ChorusException.invalid("file path is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw invalid(path, "contains a backslash or a control character");
            }
        }
        if (path.startsWith("/")) {
            throw invalid(path, "is absolute");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "has an empty, '.' or '..' segment");
            }
            if (segment.equalsIgnoreCase(".git")) {
                throw invalid(path, "is inside .git");
            }
        }
        return path;
    }

    /** A path a commit or push is about to create: {@link #require}, then the rules every client can check out. */
    public static String requireNew(String path) {
        require(path);
        PathText.problem(path).ifPresent(why -> {
            throw invalid(path, why);
        });
        try {
            // A fresh checker per call: ObjectChecker has mutable fields and is not documented as thread-safe; it is cheap.
            new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true).checkPath(path);
        } catch (CorruptObjectException e) {
            throw invalid(path, "is refused by git's path rules, which Chorus applies as on Windows and macOS: "
                    + PathText.printable(e.getMessage()));
        }
        return path;
    }

    /** A directory prefix for listings: empty means the root, else the same rule as files. */
    public static String requireDirectory(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.isEmpty() ? "" : require(p);
    }

    private static ChorusException invalid(String path, String why) {
        return ChorusException.invalid("file path '" + PathText.printable(path) + "' " + why);
    }
}
