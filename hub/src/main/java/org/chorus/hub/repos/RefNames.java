package org.chorus.hub.repos;

import org.chorus.core.ChorusException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;

/** Branch and tag names: what git accepts, minus anything that looks like a path trick. */
final class RefNames {
    private RefNames() {}

    static String branch(String name) {
        return check("branch", name, Constants.R_HEADS);
    }

    static String tag(String name) {
        return check("tag", name, Constants.R_TAGS);
    }

    private static String check(String what, String name, String prefix) {
        if (name == null || name.isEmpty()) {
            throw ChorusException.invalid(what + " name is required");
        }
        String n = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
        if (n.length() > 200 || n.contains("\\") || n.contains("..") || n.equals("HEAD") || n.matches("[0-9a-f]{40}")
                || !Repository.isValidRefName(prefix + n)) {
            throw ChorusException.invalid(what + " name '" + n.replaceAll("\\p{Cntrl}", "?") + "' is not a valid git ref name");
        }
        return n;
    }
}
