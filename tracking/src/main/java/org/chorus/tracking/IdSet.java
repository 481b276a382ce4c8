package org.chorus.tracking;

import java.util.List;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A set of internal ids passed to SQL as one parameter: a JSON array read by {@code json_each} on SQLite,
 * a {@code bigint[]} on PostgreSQL. A page of 1,000 runs as 1,000 named parameters cost more to bind and
 * prepare (every page size a new statement text) than the queries themselves took to run. Built once per
 * page and bound to each of its queries.
 */
final class IdSet {
    private static final String NAME = "ids";

    private final Dialect dialect;
    private final List<Long> ids;
    private final String json;

    private IdSet(Dialect dialect, List<Long> ids) {
        this.dialect = dialect;
        this.ids = ids;
        this.json = dialect == Dialect.SQLITE ? json(ids) : null;
    }

    static IdSet of(Dialect dialect, List<Long> ids) {
        return new IdSet(dialect, ids);
    }

    /** {@code column IN <the set>} for the dialect. */
    String in(String column) {
        return dialect == Dialect.SQLITE
                ? column + " IN (SELECT value FROM json_each(:" + NAME + "))"
                : column + " = ANY(:" + NAME + ")";
    }

    <S extends SqlStatement<S>> S bind(S statement) {
        return json != null ? statement.bind(NAME, json) : statement.bindArray(NAME, Long.class, ids);
    }

    private static String json(List<Long> ids) {
        StringBuilder out = new StringBuilder(ids.size() * 20 + 2).append('[');
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(ids.get(i).longValue());
        }
        return out.append(']').toString();
    }
}
