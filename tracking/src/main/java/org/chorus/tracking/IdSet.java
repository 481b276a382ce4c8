package org.chorus.tracking;

import java.util.List;
import java.util.stream.Collectors;
import org.chorus.core.db.Dialect;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A set of internal ids passed to SQL as one parameter: a JSON array read by {@code json_each} on SQLite,
 * a {@code bigint[]} on PostgreSQL. A page of 1,000 runs as 1,000 named parameters cost more to bind and
 * prepare (every page size a new statement text) than the queries themselves took to run.
 */
final class IdSet {
    private IdSet() {}

    /** {@code column IN :name} for the dialect. */
    static String in(Dialect dialect, String column, String name) {
        return dialect == Dialect.SQLITE
                ? column + " IN (SELECT value FROM json_each(:" + name + "))"
                : column + " = ANY(:" + name + ")";
    }

    static <S extends SqlStatement<S>> S bind(Dialect dialect, S statement, String name, List<Long> ids) {
        return dialect == Dialect.SQLITE
                ? statement.bind(name, ids.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")))
                : statement.bindArray(name, Long.class, ids);
    }
}
