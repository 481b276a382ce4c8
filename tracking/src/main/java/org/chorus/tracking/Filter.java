package org.chorus.tracking;

import java.util.List;

/** A parsed search filter: comparisons joined by AND (MLflow has no OR). */
record Filter(List<Comparison> comparisons) {

    enum Entity { METRIC, PARAM, TAG, ATTRIBUTE, DATASET }

    enum Op {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), LIKE("LIKE"), ILIKE("ILIKE"), IN("IN"), NOT_IN("NOT IN");

        final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        boolean numeric() {
            return this == EQ || this == NE || this == GT || this == GE || this == LT || this == LE;
        }
    }

    /** The right-hand side of a comparison. */
    sealed interface Literal permits Number, Text, TextList {}

    record Number(double value) implements Literal {}

    record Text(String value) implements Literal {}

    record TextList(List<String> values) implements Literal {}

    /** {@code position} is the 0-based offset of the comparison in the filter string, for error messages. */
    record Comparison(Entity entity, String key, Op op, Literal value, int position) {}
}
