package org.chorus.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chorus.core.ChorusException;
import org.chorus.tracking.Filter.Comparison;
import org.chorus.tracking.Filter.Entity;
import org.chorus.tracking.Filter.Literal;
import org.chorus.tracking.Filter.Op;

/**
 * Parses MLflow's search filter DSL: {@code metrics.acc > 0.9 and params.`model-type` = 'cnn' and
 * attributes.run_id IN ('a', 'b')}. Keys may be quoted with backticks or double quotes. Errors name the
 * position (0-based) where parsing stopped.
 */
final class FilterParser {
    private final String text;
    private int pos;

    private FilterParser(String text) {
        this.text = text;
    }

    static Filter parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return new Filter(List.of());
        }
        return new FilterParser(filter).filter();
    }

    /** Parses one {@code entity.key [ASC|DESC]} order-by clause. */
    static OrderBy parseOrderBy(String clause) {
        FilterParser p = new FilterParser(clause);
        p.skipSpace();
        int start = p.pos;
        Entity entity = p.entity();
        String key = p.key();
        p.skipSpace();
        boolean ascending = true;
        if (p.pos < p.text.length()) {
            String word = p.word().toUpperCase(Locale.ROOT);
            if (word.equals("DESC")) {
                ascending = false;
            } else if (!word.equals("ASC")) {
                throw p.error("Invalid order_by clause '" + clause + "': expected ASC or DESC", start);
            }
            p.skipSpace();
            if (p.pos < p.text.length()) {
                throw p.error("Invalid order_by clause '" + clause + "': unexpected text", p.pos);
            }
        }
        return new OrderBy(entity, key, ascending);
    }

    private Filter filter() {
        List<Comparison> out = new ArrayList<>();
        while (true) {
            skipSpace();
            int start = pos;
            Entity entity = entity();
            String key = key();
            Op op = op();
            Literal value = literal(op);
            out.add(new Comparison(entity, key, op, value, start));
            skipSpace();
            if (pos >= text.length()) {
                return new Filter(List.copyOf(out));
            }
            int at = pos;
            String word = word();
            if (!word.equalsIgnoreCase("AND")) {
                throw error("expected AND or the end of the filter but found '" + (word.isEmpty() ? text.substring(at, at + 1) : word)
                        + "' (OR is not supported)", at);
            }
        }
    }

    private Entity entity() {
        int start = pos;
        String word = identifierWord();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "metric", "metrics" -> Entity.METRIC;
                case "param", "params", "parameter", "parameters" -> Entity.PARAM;
                case "tag", "tags" -> Entity.TAG;
                case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
                case "dataset", "datasets" -> Entity.DATASET;
                default -> throw error("invalid entity type '" + word + "': expected metrics, params, tags, attributes or datasets", start);
            };
        }
        if (word.isEmpty()) {
            throw error("expected an identifier such as metrics.loss", start);
        }
        pos = start; // a bare name is an attribute, e.g. run_name
        return Entity.ATTRIBUTE;
    }

    private String key() {
        int start = pos;
        if (pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')) {
            char quote = text.charAt(pos);
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated quoted key", start);
            }
            pos = end + 1;
            return text.substring(start + 1, end);
        }
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "=!<>'\"(),".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a key name", start);
        }
        return text.substring(start, pos);
    }

    private Op op() {
        skipSpace();
        int start = pos;
        for (String sym : new String[] {"!=", ">=", "<=", "<>", "=", ">", "<"}) {
            if (text.startsWith(sym, pos)) {
                pos += sym.length();
                return switch (sym) {
                    case "!=", "<>" -> Op.NE;
                    case ">=" -> Op.GE;
                    case "<=" -> Op.LE;
                    case "=" -> Op.EQ;
                    case ">" -> Op.GT;
                    default -> Op.LT;
                };
            }
        }
        String word = word().toUpperCase(Locale.ROOT);
        switch (word) {
            case "LIKE": return Op.LIKE;
            case "ILIKE": return Op.ILIKE;
            case "IN": return Op.IN;
            case "NOT":
                skipSpace();
                if (word().equalsIgnoreCase("IN")) {
                    return Op.NOT_IN;
                }
                break;
            default:
                break;
        }
        throw error("expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)", start);
    }

    private Literal literal(Op op) {
        skipSpace();
        int start = pos;
        if (op == Op.IN || op == Op.NOT_IN) {
            if (pos >= text.length() || text.charAt(pos) != '(') {
                throw error("expected a parenthesised list of strings after " + op.sql, start);
            }
            pos++;
            List<String> values = new ArrayList<>();
            while (true) {
                skipSpace();
                values.add(string());
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                } else if (pos < text.length() && text.charAt(pos) == ')') {
                    pos++;
                    return new Filter.TextList(List.copyOf(values));
                } else {
                    throw error("expected ',' or ')' in the list", pos);
                }
            }
        }
        if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
            return new Filter.Text(string());
        }
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String token = text.substring(start, pos);
        try {
            return new Filter.Number(Double.parseDouble(token));
        } catch (NumberFormatException e) {
            throw error("expected a number or a quoted string but found '" + token + "'", start);
        }
    }

    private String string() {
        int start = pos;
        if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
            throw error("expected a quoted string", start);
        }
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                if (pos < text.length() && text.charAt(pos) == quote) {
                    out.append(quote);
                    pos++;
                    continue;
                }
                return out.toString();
            }
            out.append(c);
        }
        throw error("unterminated string", start);
    }

    private String identifierWord() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String word() {
        int start = pos;
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ChorusException error(String what, int at) {
        return ChorusException.invalid("Invalid filter '" + text + "' at position " + at + ": " + what);
    }
}
