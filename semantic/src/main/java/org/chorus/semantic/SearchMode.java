package org.chorus.semantic;

import java.util.Locale;
import java.util.Optional;

/** How a query is ranked: by words (BM25), by meaning (nearest card embeddings), or both fused. */
public enum SearchMode {
    KEYWORD, SEMANTIC, HYBRID;

    /** The {@code mode=} request parameter; empty for anything else, which the caller answers with a 400. */
    public static Optional<SearchMode> parse(String value) {
        if (value == null) return Optional.empty();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "keyword" -> Optional.of(KEYWORD);
            case "semantic" -> Optional.of(SEMANTIC);
            case "hybrid" -> Optional.of(HYBRID);
            default -> Optional.empty();
        };
    }
}
