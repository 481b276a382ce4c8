package org.chorus.server.web.runs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A column of the runs table: a metric, param or tag key ({@code metrics.acc}), as the filter and order-by language
 * names it. The order-by clause quotes keys that are not plain words, so any key the API accepts sorts.
 */
record Column(String entity, String key) {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    static final List<String> ENTITIES = List.of("metrics", "params", "tags");

    static boolean valid(String id) {
        int dot = id.indexOf('.');
        return dot > 0 && ENTITIES.contains(id.substring(0, dot)) && dot < id.length() - 1 && id.length() <= 260;
    }

    static Column parse(String id) {
        int dot = id.indexOf('.');
        return new Column(id.substring(0, dot), id.substring(dot + 1));
    }

    String id() {
        return entity + "." + key;
    }

    /** {@code metrics.`val loss` DESC}; null when the key holds both quote characters (no sort link then). */
    String orderBy(boolean ascending) {
        String quoted;
        if (PLAIN.matcher(key).matches()) {
            quoted = key;
        } else if (key.indexOf('`') < 0) {
            quoted = "`" + key + "`";
        } else if (key.indexOf('"') < 0) {
            quoted = "\"" + key + "\"";
        } else {
            return null;
        }
        return entity + "." + quoted + (ascending ? " ASC" : " DESC");
    }
}
