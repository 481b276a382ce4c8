package org.chorus.hub.repos;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import org.chorus.core.ChorusException;

/**
 * Refuses a commit that would leave a file and a folder at one path. Git's index editor settles such a clash
 * by dropping one side — a file {@code fd} over a folder {@code fd/} deletes the folder, {@code fd} and
 * {@code fd/x} in one commit keep only {@code fd/x} — which loses data without a word. Replacing one by the
 * other is allowed when the same commit deletes the old side.
 */
final class PathCollisions {
    private PathCollisions() {}

    /** {@code existing}: every file of the parent tree; {@code ops} are applied in order. */
    static void refuse(Collection<String> existing, List<CommitOp> ops) {
        NavigableSet<String> files = new TreeSet<>(existing);
        Set<String> added = new LinkedHashSet<>();
        for (CommitOp op : ops) {
            switch (op) {
                case CommitOp.AddFile _, CommitOp.AddLfsFile _ -> {
                    files.add(op.path());
                    added.add(op.path());
                }
                case CommitOp.DeleteFile d -> {
                    files.remove(d.path());
                    added.remove(d.path());
                }
                case CommitOp.DeleteFolder d -> {
                    // every path under "d/": '0' is the character after '/'
                    files.subSet(d.path() + "/", d.path() + "0").clear();
                    added.removeIf(p -> p.startsWith(d.path() + "/"));
                }
            }
        }
        for (String path : added) {
            String inside = files.ceiling(path + "/");
            if (inside != null && inside.startsWith(path + "/")) {
                throw ChorusException.invalid("cannot add the file '" + path + "': '" + inside
                        + "' is in a folder of that name (delete the folder in the same commit to replace it)");
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String folder = path.substring(0, slash);
                if (files.contains(folder)) {
                    throw ChorusException.invalid("cannot add '" + path + "': '" + folder
                            + "' is a file (delete it in the same commit to replace it with a folder)");
                }
            }
        }
    }
}
