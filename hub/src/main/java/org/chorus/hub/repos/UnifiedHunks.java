package org.chorus.hub.repos;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;

/** Groups edits into unified-diff hunks with {@code context} lines around them, as {@code git diff} does. */
final class UnifiedHunks {
    private UnifiedHunks() {}

    static List<CommitViews.Hunk> of(EditList edits, RawText a, RawText b, int context) {
        List<CommitViews.Hunk> hunks = new ArrayList<>();
        int i = 0;
        while (i < edits.size()) {
            // edits whose context windows touch go into one hunk
            int j = i;
            while (j + 1 < edits.size() && edits.get(j + 1).getBeginA() - edits.get(j).getEndA() <= 2 * context) {
                j++;
            }
            Edit first = edits.get(i);
            Edit last = edits.get(j);
            int aStart = Math.max(0, first.getBeginA() - context);
            int bStart = Math.max(0, first.getBeginB() - context);
            int aEnd = Math.min(a.size(), last.getEndA() + context);
            int bEnd = Math.min(b.size(), last.getEndB() + context);
            List<CommitViews.Line> lines = new ArrayList<>();
            int ai = aStart;
            int bi = bStart;
            for (int k = i; k <= j; k++) {
                Edit e = edits.get(k);
                while (ai < e.getBeginA()) {
                    lines.add(new CommitViews.Line(' ', ai + 1, bi + 1, a.getString(ai)));
                    ai++;
                    bi++;
                }
                for (; ai < e.getEndA(); ai++) {
                    lines.add(new CommitViews.Line('-', ai + 1, 0, a.getString(ai)));
                }
                for (; bi < e.getEndB(); bi++) {
                    lines.add(new CommitViews.Line('+', 0, bi + 1, b.getString(bi)));
                }
            }
            while (ai < aEnd && bi < bEnd) {
                lines.add(new CommitViews.Line(' ', ai + 1, bi + 1, a.getString(ai)));
                ai++;
                bi++;
            }
            // git's header convention: a side with no lines starts at 0
            int aLines = aEnd - aStart;
            int bLines = bEnd - bStart;
            hunks.add(new CommitViews.Hunk(aLines == 0 ? aStart : aStart + 1, aLines, bLines == 0 ? bStart : bStart + 1, bLines, lines));
            i = j + 1;
        }
        return hunks;
    }
}
