package org.chorus.discovery;

import java.util.Optional;
import org.chorus.core.ChorusException;
import org.chorus.hub.repos.RepoType;
import org.chorus.semantic.SearchMode;

/**
 * A search by words, by meaning or both ({@code GET /api/chorus/search}), validated where it enters: the text is
 * plain words, never query syntax — characters that only mean something as Lucene syntax are refused with a
 * message, so {@code name:bert} is not silently searched as two words.
 *
 * @param type models or datasets, or empty for both
 */
public record CardQuery(String text, Optional<RepoType> type, SearchMode mode, int limit) {
    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 20;
    /** Characters with a meaning only as query syntax (field, wildcard, boost, fuzzy, range, phrase, escape, and/or). */
    static final String SYNTAX = "\\*:^~{}[]\"&|";

    public CardQuery {
        if (text == null || text.isBlank()) {
            throw ChorusException.invalid("q is required: the words to search for");
        }
        if (text.length() > Queries.MAX_SEARCH) {
            throw ChorusException.invalid("q must be at most " + Queries.MAX_SEARCH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SYNTAX.indexOf(c) >= 0) {
                throw ChorusException.invalid("q is plain words; query syntax is not supported, and '" + c
                        + "' is one of its characters (" + SYNTAX + ")");
            }
            if (Character.isISOControl(c)) {
                throw ChorusException.invalid("q must not contain control characters");
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ChorusException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The request's parameters as sent (null when absent): mode defaults to hybrid, type to both, limit to 20. */
    public static CardQuery parse(String q, String type, String mode, String limit) {
        SearchMode m = mode == null ? SearchMode.HYBRID : SearchMode.parse(mode)
                .orElseThrow(() -> ChorusException.invalid("mode must be keyword, semantic or hybrid"));
        Optional<RepoType> t = switch (type == null ? "" : type) {
            case "" -> Optional.empty();
            case "model", "dataset" -> Optional.of(RepoType.parse(type));
            default -> throw ChorusException.invalid("type must be model or dataset");
        };
        int n;
        try {
            n = limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ChorusException.invalid("limit must be a whole number between 1 and " + MAX_LIMIT);
        }
        return new CardQuery(q, t, m, n);
    }
}
