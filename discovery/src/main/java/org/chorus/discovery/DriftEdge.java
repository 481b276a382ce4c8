package org.chorus.discovery;

import java.util.Collection;
import java.util.OptionalInt;

/**
 * What lineage drift reads from one edge (a derived model and the base it was reached from), as a two-character code:
 * the licence's change and the languages' change. The family walk computes it per edge; each public model's lineage
 * ({@link Ancestry}) carries it per entry, so a public family's drift is a count of terms ({@link PublicDrift}).
 */
final class DriftEdge {
    /** Licences: not both declared, equal, changed towards permissive, towards restrictive, to the same rank, to or from an unranked one. */
    static final String LICENCE = "-=prsu";
    /** Languages: not both declared, neither fewer nor narrowed to English alone, fewer, English alone (not fewer), both. */
    static final String LANGUAGES = "-0feb";
    private static final String[][] CODES = codes();

    private DriftEdge() {}

    /** What drift reads of one side of an edge: its first licence (null: none), how many languages, whether English alone. */
    record Side(String licence, int languages, boolean englishOnly) {
        static Side of(String licence, Collection<String> languages) {
            return new Side(licence == null ? null : licence.intern(), languages.size(), languages.size() == 1 && languages.contains("en"));
        }
    }

    private static String[][] codes() {
        String[][] out = new String[LICENCE.length()][LANGUAGES.length()];
        for (int l = 0; l < LICENCE.length(); l++) {
            for (int g = 0; g < LANGUAGES.length(); g++) {
                out[l][g] = "" + LICENCE.charAt(l) + LANGUAGES.charAt(g);
            }
        }
        return out;
    }

    /** The edge from {@code parent} to {@code child}. */
    static String code(Side parent, Side child) {
        return CODES[licence(parent.licence(), child.licence())][languages(parent, child)];
    }

    private static int licence(String from, String to) {
        if (from == null || to == null) {
            return 0;
        }
        if (from.equalsIgnoreCase(to)) {
            return 1;
        }
        OptionalInt a = LicenceOrder.rank(from);
        OptionalInt b = LicenceOrder.rank(to);
        if (a.isEmpty() || b.isEmpty()) {
            return 5;
        }
        return b.getAsInt() < a.getAsInt() ? 2 : b.getAsInt() > a.getAsInt() ? 3 : 4;
    }

    private static int languages(Side parent, Side child) {
        if (parent.languages() == 0 || child.languages() == 0) {
            return 0;
        }
        boolean fewer = child.languages() < parent.languages();
        boolean english = child.englishOnly() && !parent.englishOnly();
        return fewer ? (english ? 4 : 2) : (english ? 3 : 1);
    }
}
