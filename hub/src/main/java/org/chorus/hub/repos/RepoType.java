package org.chorus.hub.repos;

import java.util.Locale;
import org.chorus.core.ChorusException;

/** The kinds of repository the hub serves. Spaces are not supported. */
public enum RepoType {
    MODEL, DATASET;

    /** The singular wire name: {@code model}, {@code dataset}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The URL prefix for non-API paths: empty for models, {@code datasets/} for datasets. */
    public String urlPrefix() {
        return this == MODEL ? "" : "datasets/";
    }

    /** Accepts {@code model}, {@code dataset}, their plurals, and null (a model, as on the Hub). */
    public static RepoType parse(String text) {
        if (text == null || text.isEmpty() || text.equals("model") || text.equals("models")) {
            return MODEL;
        }
        if (text.equals("dataset") || text.equals("datasets")) {
            return DATASET;
        }
        throw ChorusException.invalid("repository type must be model or dataset, got '" + text.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
