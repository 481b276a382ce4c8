package org.chorus.hub.repos;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.PathText;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.Repository;

/**
 * Branch and tag names, for the API and for git push alike: what {@link Repository#isValidRefName} accepts, minus
 * what git or its users would read as something else — a leading {@code -} (an option), {@code @} (HEAD), HEAD and
 * the other pseudo-refs, a first component {@code refs}, {@code heads}, {@code tags} or {@code remotes} (git's
 * rev-parse tries {@code refs/<name>} before {@code refs/heads/<name>}), a full commit id — and whose components
 * clients cannot store as files (git's Windows and macOS path rules, {@link PathText}'s character rules).
 * A branch and a tag may not share a name ({@link #twin}): {@code x} would name either.
 */
public final class RefNames {
    private static final int MAX_LENGTH = 200;
    private static final Set<String> PSEUDO_REFS = Set.of("HEAD", "FETCH_HEAD", "ORIG_HEAD", "MERGE_HEAD",
            "CHERRY_PICK_HEAD", "REVERT_HEAD", "REBASE_HEAD", "BISECT_HEAD", "AUTO_MERGE");
    private static final Set<String> REF_DIRECTORIES = Set.of("refs", "heads", "tags", "remotes");
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

    private RefNames() {}

    static String branch(String name) {
        return check("branch", name, Constants.R_HEADS);
    }

    static String tag(String name) {
        return check("tag", name, Constants.R_TAGS);
    }

    /**
     * An existing branch named by a caller who wants to delete it: only git's own rule, so that a branch created before
     * the rules above can still be removed.
     */
    static String existingBranch(String name) {
        return existing("branch", name, Constants.R_HEADS);
    }

    static String existingTag(String name) {
        return existing("tag", name, Constants.R_TAGS);
    }

    private static String existing(String what, String name, String prefix) {
        String n = name == null || !name.startsWith(prefix) ? name : name.substring(prefix.length());
        if (n == null || n.isEmpty() || !Repository.isValidRefName(prefix + n)) {
            throw ChorusException.invalid(what + " name '" + (n == null ? "" : PathText.printable(n)) + "' is not a valid git ref name");
        }
        return n;
    }

    /** Why a push may not create {@code fullName}, if it is a branch or tag name it may not have; empty otherwise. */
    public static Optional<String> pushProblem(String fullName) {
        try {
            if (fullName.startsWith(Constants.R_HEADS)) {
                branch(fullName);
            } else if (fullName.startsWith(Constants.R_TAGS)) {
                tag(fullName);
            }
            return Optional.empty();
        } catch (ChorusException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The tag a branch's name would clash with, or the branch a tag's would; empty for other refs. */
    public static Optional<String> twin(String fullName) {
        if (fullName.startsWith(Constants.R_HEADS)) {
            return Optional.of(Constants.R_TAGS + fullName.substring(Constants.R_HEADS.length()));
        }
        if (fullName.startsWith(Constants.R_TAGS)) {
            return Optional.of(Constants.R_HEADS + fullName.substring(Constants.R_TAGS.length()));
        }
        return Optional.empty();
    }

    /**
     * Why {@code fullName} cannot be created beside the refs there are, where one of them is a folder of it or it a
     * folder of one ({@code a} beside {@code a/b}): git keeps refs as paths, so no retry would succeed.
     */
    public static Optional<String> folderClash(Repository git, String fullName) throws IOException {
        List<String> others = git.getRefDatabase().getConflictingNames(fullName).stream().sorted().toList();
        if (others.isEmpty() || git.exactRef(fullName) != null) {
            return Optional.empty();
        }
        return Optional.of("'" + Repository.shortenRefName(fullName) + "' clashes with '"
                + Repository.shortenRefName(others.get(0)) + "': a branch or tag name may not be a folder of another one, nor have one as its folder");
    }

    /** The message refusing to create {@code fullName} while its {@link #twin} exists. */
    public static String clash(String fullName) {
        String kind = fullName.startsWith(Constants.R_TAGS) ? "branch" : "tag";
        return "a " + kind + " named '" + Repository.shortenRefName(fullName) + "' exists; a branch and a tag may not share a name";
    }

    private static String check(String what, String name, String prefix) {
        if (name == null || name.isEmpty()) {
            throw ChorusException.invalid(what + " name is required");
        }
        String n = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        why(n, prefix).ifPresent(why -> {
            throw ChorusException.invalid(what + " name '" + PathText.printable(n) + "' " + why);
        });
        return n;
    }

    private static Optional<String> why(String n, String prefix) {
        if (n.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        Optional<String> text = PathText.problem(n);
        if (text.isPresent()) {
            return text;
        }
        if (n.startsWith("-")) {
            return Optional.of("starts with '-', which git reads as an option");
        }
        if (n.equals("@") || PSEUDO_REFS.contains(n.toUpperCase(Locale.ROOT))) {
            return Optional.of("is a name git reserves for HEAD or a pseudo-ref");
        }
        String first = n.contains("/") ? n.substring(0, n.indexOf('/')) : n;
        if (n.contains("/") && REF_DIRECTORIES.contains(first)) {
            return Optional.of("starts with '" + first + "/', which git would read as another ref (give the short name)");
        }
        if (COMMIT_ID.matcher(n).matches()) {
            return Optional.of("looks like a commit id");
        }
        if (n.contains("\\") || !Repository.isValidRefName(prefix + n)) {
            return Optional.of("is not a valid git ref name (see git check-ref-format)");
        }
        try {
            new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true).checkPath(n);
        } catch (CorruptObjectException e) {
            return Optional.of("cannot be stored as a file by every git client: " + PathText.printable(e.getMessage()));
        }
        return Optional.empty();
    }
}
