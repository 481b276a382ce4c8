package org.chorus.discovery;

import java.util.List;

/**
 * The tags the hub derives from a card's {@code base_model} (as the Hugging Face Hub does): {@code base_model:{repo}}
 * and {@code base_model:{relation}:{repo}}. A repository id holds one '/', a relation none, so a ':' before the
 * '/' ends the relation.
 */
final class BaseModelTags {
    static final String PREFIX = "base_model:";

    /** A base-model tag read back: the repository and, for the second form, the relation (else null). */
    record Parsed(String relation, String repo) {}

    private BaseModelTags() {}

    static Parsed parse(String tag) {
        String rest = tag.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        int slash = rest.indexOf('/');
        return colon >= 0 && (slash < 0 || colon < slash) ? new Parsed(rest.substring(0, colon), rest.substring(colon + 1)) : new Parsed(null, rest);
    }

    /** Both tags for a base model, as the hub writes them. */
    static List<String> of(String relation, String repo) {
        return relation == null ? List.of(PREFIX + repo) : List.of(PREFIX + repo, PREFIX + relation + ":" + repo);
    }
}
