package org.chorus.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;
import org.junit.jupiter.api.Test;

class FilterSqlTest {
    private static final List<String> COLUMNS = List.of("id", "text", "label", "score", "Odd \"name\"");

    @Test
    void theSafeSubsetBecomesParameterisedSqlOverQuotedColumns() {
        FilterSql.Sql sql = FilterSql.where(COLUMNS, "label = 'pos' AND (score >= 0.5 OR id IN (1, 2, 3)) AND NOT text IS NULL"
                + " AND text NOT ILIKE '%spam%' AND id BETWEEN -3 AND 1e3 AND \"Odd \"\"name\"\"\" <> TRUE AND SCORE != 2");
        assertThat(sql.text()).isEqualTo("\"label\" = ? AND (\"score\" >= ? OR \"id\" IN (?, ?, ?)) AND NOT \"text\" IS NULL"
                + " AND \"text\" NOT ILIKE ? AND \"id\" BETWEEN ? AND ? AND \"Odd \"\"name\"\"\" <> ? AND \"score\" != ?");
        assertThat(sql.params()).containsExactly("pos", 0.5, 1L, 2L, 3L, "%spam%", -3L, 1000L, true, 2L);
    }

    @Test
    void aStringLiteralIsAValueNeverSql() {
        FilterSql.Sql sql = FilterSql.where(COLUMNS, "text = 'x''; DROP TABLE t; --' OR text = '/etc/passwd'");
        assertThat(sql.text()).isEqualTo("\"text\" = ? OR \"text\" = ?");
        assertThat(sql.params()).containsExactly("x'; DROP TABLE t; --", "/etc/passwd");
    }

    @Test
    void orderByTakesColumnsDirectionsAndNullsPlacement() {
        assertThat(FilterSql.orderBy(COLUMNS, "score DESC NULLS LAST, id").text()).isEqualTo("\"score\" DESC NULLS LAST, \"id\"");
        refused(() -> FilterSql.orderBy(COLUMNS, "random()"), "function calls are not allowed: random");
        refused(() -> FilterSql.orderBy(COLUMNS, "score; DROP"), "unexpected character ';'");
        refused(() -> FilterSql.orderBy(COLUMNS, "1"), "expected a column name");
    }

    @Test
    void everythingOutsideTheSubsetIsRefusedWithWhatWasWrong() {
        refused(() -> FilterSql.where(COLUMNS, "id = 1; DROP TABLE x"), "unexpected character ';' at position 6");
        refused(() -> FilterSql.where(COLUMNS, "id IN (SELECT 1)"), "subqueries are not allowed");
        refused(() -> FilterSql.where(COLUMNS, "(SELECT id FROM t) > 1"), "subqueries are not allowed");
        refused(() -> FilterSql.where(COLUMNS, "text = read_csv('/etc/passwd')"), "function calls are not allowed: read_csv");
        refused(() -> FilterSql.where(COLUMNS, "COPY t TO '/tmp/x'"), "SQL keyword COPY is not allowed");
        refused(() -> FilterSql.where(COLUMNS, "text = /etc/passwd"), "unexpected character '/'");
        refused(() -> FilterSql.where(COLUMNS, "id = 1 -- comment"), "unexpected character '-' at position 7");
        refused(() -> FilterSql.where(COLUMNS, "secret = 1"), "unknown column 'secret'");
        refused(() -> FilterSql.where(COLUMNS, "id = 1 OR"), "found the end");
        refused(() -> FilterSql.where(COLUMNS, "text = 'open"), "unclosed string");
        refused(() -> FilterSql.where(COLUMNS, "id = 1 AND ".repeat(1000) + "id = 2"), "longer than 2000 characters");
        refused(() -> FilterSql.where(COLUMNS, "(".repeat(40) + "id = 1" + ")".repeat(40)), "nested deeper than 16");
        refused(() -> FilterSql.where(COLUMNS, "id * 2 = 4"), "unexpected character '*'");
    }

    private static void refused(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOf(ChorusException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((ChorusException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }
}
