package org.chorus.tracking;

import java.util.regex.Pattern;
import org.chorus.core.ChorusException;

/** MLflow's limits on names, keys and values, with its wording so clients see familiar messages. */
final class Validation {
    static final int MAX_KEY_LENGTH = 250;
    static final int MAX_PARAM_VALUE_LENGTH = 6000;
    static final int MAX_TAG_VALUE_LENGTH = 8000;
    static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    static final int MAX_RUN_NAME_LENGTH = 250;
    static final int MAX_METRICS_PER_BATCH = 1000;
    static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    static final int MAX_ENTITIES_PER_BATCH = 1000;
    static final int MAX_RESULTS_LIMIT = 50_000;
    private static final Pattern KEY = Pattern.compile("[/\\w.\\- ]*");

    private Validation() {}

    static String key(String what, String key) {
        if (key == null || key.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter '" + what + "'");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ChorusException.invalid(capital(what) + " '" + key.substring(0, 32) + "...' had length " + key.length()
                    + ", which exceeded length limit of " + MAX_KEY_LENGTH);
        }
        if (!KEY.matcher(key).matches() || key.startsWith("/") || key.contains("..") || key.contains("//")) {
            throw ChorusException.invalid("Invalid " + what + " name: '" + key + "'. Names may only contain alphanumerics, "
                    + "underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/), and may not be absolute or contain '..'");
        }
        return key;
    }

    static String value(String what, String key, String value, int limit) {
        if (value == null) {
            throw ChorusException.invalid("Missing value for required parameter 'value' of " + what + " '" + key + "'");
        }
        if (value.length() > limit) {
            throw ChorusException.invalid(capital(what) + " value '" + value.substring(0, 32) + "...' had length " + value.length()
                    + ", which exceeded length limit of " + limit);
        }
        return value;
    }

    static String experimentName(String name) {
        if (name == null || name.isBlank()) {
            throw ChorusException.invalid("Invalid experiment name: '" + (name == null ? "" : name) + "'");
        }
        if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
            throw ChorusException.invalid("Experiment name had length " + name.length() + ", which exceeded length limit of "
                    + MAX_EXPERIMENT_NAME_LENGTH);
        }
        return name;
    }

    static String runName(String name) {
        if (name != null && name.length() > MAX_RUN_NAME_LENGTH) {
            throw ChorusException.invalid("Run name had length " + name.length() + ", which exceeded length limit of " + MAX_RUN_NAME_LENGTH);
        }
        return name;
    }

    static int maxResults(int requested, int max) {
        if (requested <= 0) {
            throw ChorusException.invalid("Invalid value " + requested + " for parameter 'max_results' supplied. It must be a positive integer");
        }
        if (requested > max) {
            throw ChorusException.invalid("Invalid value " + requested + " for parameter 'max_results' supplied. It must be at most " + max);
        }
        return requested;
    }

    static long id(String what, String id) {
        if (id == null || id.isEmpty()) {
            throw ChorusException.invalid("Missing value for required parameter '" + what + "'");
        }
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ChorusException.notFound("No " + what.replace('_', ' ') + " with id=" + id + " exists");
        }
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
