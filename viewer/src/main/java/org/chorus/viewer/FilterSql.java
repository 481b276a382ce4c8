package org.chorus.viewer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.chorus.core.ChorusException;
import org.chorus.viewer.SqlTokens.Kind;
import org.chorus.viewer.SqlTokens.Token;

/**
 * The {@code where} and {@code orderby} parameters of {@code /filter}, parsed by our own grammar into parameterised
 * SQL. The subset: column names (bare or double-quoted, only the split's own), string, number and boolean literals,
 * {@code = != <> < <= > >=}, {@code IS [NOT] NULL}, {@code [NOT] IN (literals)}, {@code [NOT] LIKE|ILIKE 'pattern'},
 * {@code [NOT] BETWEEN a AND b}, {@code AND OR NOT} and parentheses; {@code orderby} is columns with {@code ASC|DESC}
 * and {@code NULLS FIRST|LAST}. Anything else (a function such as {@code read_csv(…)}, a subquery, {@code ;},
 * {@code COPY}, an unknown column, a file path) is refused with a message naming it. The SQL produced contains only
 * our own keywords, quoted column names from the schema and {@code ?} for every literal.
 */
final class FilterSql {
    /** Longer clauses are refused before tokenising: no useful filter needs more. */
    static final int MAX_CHARS = 2_000;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_ORDER_KEYS = 8;
    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "is", "null", "in", "like", "ilike", "between",
            "true", "false", "asc", "desc", "nulls", "first", "last");

    /** SQL text with {@code ?} placeholders and their values in order. */
    record Sql(String text, List<Object> params) {
        static final Sql NONE = new Sql("", List.of());

        boolean isEmpty() {
            return text.isEmpty();
        }
    }

    private final List<String> columns;
    private final List<Token> tokens;
    private final List<Object> params = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private int at;
    private int depth;

    private FilterSql(List<String> columns, String name, String text) {
        if (text.length() > MAX_CHARS) {
            throw ChorusException.invalid(name + " is longer than " + MAX_CHARS + " characters");
        }
        this.columns = columns;
        this.tokens = SqlTokens.of(text);
    }

    /** A {@code where} clause as a condition over {@code columns}; empty text is no condition. */
    static Sql where(List<String> columns, String text) {
        if (text == null || text.isBlank()) {
            return Sql.NONE;
        }
        FilterSql p = new FilterSql(columns, "where", text);
        p.or();
        p.expectEnd("where");
        return new Sql(p.out.toString(), List.copyOf(p.params));
    }

    /** An {@code orderby} list over {@code columns}; empty text is no order. */
    static Sql orderBy(List<String> columns, String text) {
        if (text == null || text.isBlank()) {
            return Sql.NONE;
        }
        FilterSql p = new FilterSql(columns, "orderby", text);
        for (int keys = 0; ; keys++) {
            if (keys == MAX_ORDER_KEYS) {
                throw ChorusException.invalid("orderby takes at most " + MAX_ORDER_KEYS + " columns");
            }
            p.out.append(keys == 0 ? "" : ", ").append(p.column(p.next()));
            if (p.peek().isWord("asc") || p.peek().isWord("desc")) {
                p.out.append(' ').append(p.next().text().toUpperCase(Locale.ROOT));
            }
            if (p.peek().isWord("nulls")) {
                p.next();
                Token which = p.next();
                if (!which.isWord("first") && !which.isWord("last")) {
                    throw ChorusException.invalid("expected FIRST or LAST after NULLS, found " + which.describe());
                }
                p.out.append(" NULLS ").append(which.text().toUpperCase(Locale.ROOT));
            }
            if (p.peek().kind() != Kind.COMMA) {
                break;
            }
            p.next();
        }
        p.expectEnd("orderby");
        return new Sql(p.out.toString(), List.of());
    }

    private void or() {
        and();
        while (peek().isWord("or")) {
            next();
            out.append(" OR ");
            and();
        }
    }

    private void and() {
        not();
        while (peek().isWord("and")) {
            next();
            out.append(" AND ");
            not();
        }
    }

    private void not() {
        if (peek().isWord("not")) {
            next();
            out.append("NOT ");
            not();
        } else {
            predicate();
        }
    }

    private void predicate() {
        if (peek().kind() == Kind.OPEN) {
            Token open = next();
            if (++depth > MAX_DEPTH) {
                throw ChorusException.invalid("parentheses nested deeper than " + MAX_DEPTH + " at position " + open.position());
            }
            if (peek().isWord("select") || peek().isWord("with") || peek().isWord("from")) {
                throw ChorusException.invalid("subqueries are not allowed (" + peek().describe() + ")");
            }
            out.append('(');
            or();
            expect(Kind.CLOSE, "')'");
            out.append(')');
            depth--;
            return;
        }
        operand();
        Token t = peek();
        if (t.kind() == Kind.OPERATOR) {
            next();
            out.append(' ').append(t.text()).append(' ');
            operand();
        } else if (t.isWord("is")) {
            next();
            out.append(" IS ");
            if (peek().isWord("not")) {
                next();
                out.append("NOT ");
            }
            Token n = next();
            if (!n.isWord("null")) {
                throw ChorusException.invalid("expected NULL after IS, found " + n.describe());
            }
            out.append("NULL");
        } else {
            boolean negated = t.isWord("not");
            if (negated) {
                next();
                out.append(" NOT");
            }
            Token op = peek();
            if (op.isWord("in")) {
                next();
                inList();
            } else if (op.isWord("like") || op.isWord("ilike")) {
                next();
                out.append(' ').append(op.text().toUpperCase(Locale.ROOT)).append(' ');
                Token pattern = next();
                if (pattern.kind() != Kind.STRING) {
                    throw ChorusException.invalid("expected a quoted pattern after " + op.text() + ", found " + pattern.describe());
                }
                param(pattern.text());
            } else if (op.isWord("between")) {
                next();
                out.append(" BETWEEN ");
                literal(next());
                Token and = next();
                if (!and.isWord("and")) {
                    throw ChorusException.invalid("expected AND in BETWEEN, found " + and.describe());
                }
                out.append(" AND ");
                literal(next());
            } else if (negated) {
                throw ChorusException.invalid("expected IN, LIKE, ILIKE or BETWEEN after NOT, found " + op.describe());
            }
            // else: a lone operand (a boolean column or literal) is a condition on its own
        }
    }

    private void inList() {
        out.append(" IN (");
        expect(Kind.OPEN, "'(' after IN");
        if (peek().isWord("select") || peek().isWord("with")) {
            throw ChorusException.invalid("subqueries are not allowed (" + peek().describe() + ")");
        }
        for (int n = 0; ; n++) {
            if (n == 1000) {
                throw ChorusException.invalid("IN takes at most 1000 values");
            }
            out.append(n == 0 ? "" : ", ");
            literal(next());
            if (peek().kind() != Kind.COMMA) {
                break;
            }
            next();
        }
        expect(Kind.CLOSE, "')' after the IN list");
        out.append(')');
    }

    private void operand() {
        Token t = next();
        if (t.kind() == Kind.WORD && !isLiteralWord(t) || t.kind() == Kind.QUOTED_NAME) {
            out.append(column(t));
        } else {
            literal(t);
        }
    }

    private static boolean isLiteralWord(Token t) {
        return t.isWord("true") || t.isWord("false") || t.isWord("null");
    }

    private void literal(Token t) {
        switch (t.kind()) {
            case STRING -> param(t.text());
            case NUMBER -> {
                try {
                    BigDecimal n = new BigDecimal(t.text());
                    param(n.scale() <= 0 && n.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) n.longValueExact() : (Object) n.doubleValue());
                } catch (NumberFormatException | ArithmeticException e) {
                    throw ChorusException.invalid("malformed number " + t.describe());
                }
            }
            case WORD -> {
                if (t.isWord("true") || t.isWord("false")) {
                    param(Boolean.parseBoolean(t.text().toLowerCase(Locale.ROOT)));
                } else if (t.isWord("null")) {
                    out.append("NULL");
                } else {
                    throw ChorusException.invalid("expected a literal value, found " + t.describe());
                }
            }
            default -> throw ChorusException.invalid("expected a literal value, found " + t.describe());
        }
    }

    private void param(Object value) {
        out.append('?');
        params.add(value);
    }

    /** The quoted name of a known column; the error names what was written instead. */
    private String column(Token t) {
        if (t.kind() != Kind.WORD && t.kind() != Kind.QUOTED_NAME) {
            throw ChorusException.invalid("expected a column name, found " + t.describe());
        }
        if (t.kind() == Kind.WORD && peek().kind() == Kind.OPEN) {
            throw ChorusException.invalid("function calls are not allowed: " + t.text() + "(…) at position " + t.position());
        }
        String name = t.text();
        String match = columns.contains(name) ? name : null;
        if (match == null && t.kind() == Kind.WORD) {
            List<String> folded = columns.stream().filter(c -> c.equalsIgnoreCase(name)).toList();
            match = folded.size() == 1 ? folded.getFirst() : null;
        }
        if (match == null) {
            String what = t.kind() == Kind.WORD && KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) ? "misplaced keyword " + t.describe()
                    : t.kind() == Kind.WORD && isSqlStatementWord(name) ? "SQL keyword " + name.toUpperCase(Locale.ROOT) + " is not allowed (position " + t.position() + ")"
                    : "unknown column " + t.describe();
            throw ChorusException.invalid(what + "; the columns are " + String.join(", ", columns.stream().limit(50).toList()));
        }
        return quote(match);
    }

    private static boolean isSqlStatementWord(String word) {
        return Set.of("select", "from", "copy", "attach", "detach", "install", "load", "pragma", "union", "with", "insert",
                "update", "delete", "drop", "create", "alter", "set", "call", "export", "import", "exists", "case", "cast")
                .contains(word.toLowerCase(Locale.ROOT));
    }

    /** A column name as a SQL identifier: double quotes, inner quotes doubled. */
    static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    private void expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw ChorusException.invalid("expected " + what + ", found " + t.describe());
        }
    }

    private void expectEnd(String name) {
        if (peek().kind() != Kind.END) {
            throw ChorusException.invalid("unexpected " + peek().describe() + " in " + name);
        }
    }
}
