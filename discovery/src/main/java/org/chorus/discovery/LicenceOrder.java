package org.chorus.discovery;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/**
 * How restrictive a licence is, for lineage drift: 0 permissive (attribution at most), 1 weak copyleft or
 * share-alike, 2 strong copyleft, 3 use-restricted (responsible-AI and vendor community licences: OpenRAIL, Llama,
 * Gemma), 4 non-commercial or no-derivatives. {@code other}, {@code unknown} and licences not listed have no rank:
 * a change to or from them has no direction. Identifiers are the Hub's licence keys.
 */
final class LicenceOrder {
    static final int PERMISSIVE = 0;
    static final int SHARE_ALIKE = 1;
    static final int COPYLEFT = 2;
    static final int USE_RESTRICTED = 3;
    static final int NON_COMMERCIAL = 4;

    private static final Set<String> PERMISSIVE_KEYS = Set.of("apache-2.0", "mit", "bsd", "bsd-2-clause", "bsd-3-clause",
            "bsd-3-clause-clear", "bsl-1.0", "isc", "zlib", "unlicense", "cc0-1.0", "wtfpl", "pddl", "odc-by", "afl-3.0",
            "artistic-2.0", "ecl-2.0", "ms-pl", "postgresql", "ncsa", "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0",
            "cdla-permissive-1.0", "cdla-permissive-2.0", "apple-amlr");
    private static final Set<String> SHARE_ALIKE_KEYS = Set.of("mpl-2.0", "epl-1.0", "epl-2.0", "eupl-1.1", "eupl-1.2",
            "osl-3.0", "odbl", "cdla-sharing-1.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "lgpl-lr");
    private static final Set<String> COPYLEFT_KEYS = Set.of("gpl", "gpl-2.0", "gpl-3.0", "agpl-3.0", "gfdl");
    private static final Set<String> USE_RESTRICTED_KEYS = Set.of("openrail", "openrail++", "bigscience-openrail-m",
            "creativeml-openrail-m", "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "llama2", "llama3", "llama3.1",
            "llama3.2", "llama3.3", "llama4", "gemma", "deepfloyd-if-license", "intel-research", "h-research", "apple-ascl");

    private LicenceOrder() {}

    static OptionalInt rank(String licence) {
        String key = licence.toLowerCase(Locale.ROOT);
        if (key.startsWith("cc-by-nc") || key.startsWith("cc-by-nd")) {
            return OptionalInt.of(NON_COMMERCIAL);
        }
        if (PERMISSIVE_KEYS.contains(key)) {
            return OptionalInt.of(PERMISSIVE);
        }
        if (SHARE_ALIKE_KEYS.contains(key)) {
            return OptionalInt.of(SHARE_ALIKE);
        }
        if (COPYLEFT_KEYS.contains(key)) {
            return OptionalInt.of(COPYLEFT);
        }
        return USE_RESTRICTED_KEYS.contains(key) ? OptionalInt.of(USE_RESTRICTED) : OptionalInt.empty();
    }
}
