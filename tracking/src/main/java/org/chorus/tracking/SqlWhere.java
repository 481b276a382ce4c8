package org.chorus.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chorus.core.ChorusException;
import org.chorus.core.db.Dialect;
import org.chorus.tracking.Filter.Comparison;
import org.chorus.tracking.Filter.Op;

/** Builds SQL conditions with named bindings; string matching behaves the same on SQLite and PostgreSQL. */
final class SqlWhere {
    private final Dialect dialect;
    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> binds = new LinkedHashMap<>();
    private int next;

    SqlWhere(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Binds a value and returns its placeholder. */
    String bind(Object value) {
        String name = "b" + next++;
        binds.put(name, value);
        return ":" + name;
    }

    void add(String condition) {
        conditions.add(condition);
    }

    String where() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Map<String, Object> binds() {
        return binds;
    }

    String inList(List<?> values) {
        List<String> names = new ArrayList<>();
        for (Object v : values) {
            names.add(bind(v));
        }
        return "(" + String.join(", ", names) + ")";
    }

    /** A comparison of a text column against a string literal (or list, for IN). */
    String text(String column, Comparison c) {
        return switch (c.value()) {
            case Filter.TextList list -> {
                if (c.op() != Op.IN && c.op() != Op.NOT_IN) {
                    throw invalid(c, "a list is only allowed with IN or NOT IN");
                }
                yield column + (c.op() == Op.IN ? " IN " : " NOT IN ") + inList(list.values());
            }
            case Filter.Text t -> switch (c.op()) {
                case EQ -> column + " = " + bind(t.value());
                case NE -> column + " <> " + bind(t.value());
                case LIKE -> dialect == Dialect.SQLITE ? column + " GLOB " + bind(likeToGlob(t.value())) : column + " LIKE " + bind(t.value());
                case ILIKE -> dialect == Dialect.SQLITE ? column + " LIKE " + bind(t.value()) : column + " ILIKE " + bind(t.value());
                default -> throw invalid(c, "comparator '" + c.op().sql + "' is not supported for " + describe(c)
                        + "; use =, !=, LIKE, ILIKE, IN or NOT IN");
            };
            case Filter.Number n -> throw invalid(c, "the value of " + describe(c) + " must be a quoted string");
        };
    }

    /** A comparison of a numeric column against a number. */
    String number(String column, Comparison c) {
        if (!(c.value() instanceof Filter.Number n)) {
            throw invalid(c, "the value of " + describe(c) + " must be a number");
        }
        if (!c.op().numeric()) {
            throw invalid(c, "comparator '" + c.op().sql + "' is not supported for " + describe(c) + "; use =, !=, >, >=, <, <=");
        }
        String op = c.op() == Op.NE ? "<>" : c.op().sql;
        return column + " " + op + " " + bind(n.value());
    }

    static String describe(Comparison c) {
        return c.entity().name().toLowerCase(java.util.Locale.ROOT) + " '" + c.key() + "'";
    }

    static ChorusException invalid(Comparison c, String what) {
        return ChorusException.invalid("Invalid filter at position " + c.position() + ": " + what);
    }

    /** SQL LIKE (case-sensitive, % and _) as a SQLite GLOB pattern. */
    static String likeToGlob(String like) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char ch = like.charAt(i);
            switch (ch) {
                case '%' -> out.append('*');
                case '_' -> out.append('?');
                case '*' -> out.append("[*]");
                case '?' -> out.append("[?]");
                case '[' -> out.append("[[]");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
