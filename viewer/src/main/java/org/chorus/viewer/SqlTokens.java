package org.chorus.viewer;

import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;

/**
 * Splits a client's {@code where} or {@code orderby} text into the few token kinds the safe subset has. Any other
 * character ({@code ;}, {@code *}, {@code /}, {@code +}, a comment's {@code -}{@code -} …) is refused here, with its
 * position, before any parsing: nothing the client wrote is ever copied into SQL.
 */
final class SqlTokens {
    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, END }

    /** {@code text} is the word, the unquoted name or string, the number or the operator as written. */
    record Token(Kind kind, String text, int position) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        String describe() {
            return kind == Kind.END ? "the end" : "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "' at position " + position;
        }
    }

    private SqlTokens() {}

    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i), start));
            } else if (c == '"' || c == '\'') {
                int start = i;
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw ChorusException.invalid("unclosed " + (c == '"' ? "quoted column name" : "string") + " at position " + start);
                    }
                    char d = text.charAt(i++);
                    if (d == c) {
                        if (i < text.length() && text.charAt(i) == c) {
                            value.append(c);
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        value.append(d);
                    }
                }
                tokens.add(new Token(c == '"' ? Kind.QUOTED_NAME : Kind.STRING, value.toString(), start));
            } else if (Character.isDigit(c) || (c == '-' || c == '.') && i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.')) {
                int start = i;
                i = number(text, i);
                tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start));
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.OPEN : c == ')' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), i));
                i++;
            } else if (c == '=' || c == '<' || c == '>' || c == '!') {
                int start = i;
                i++;
                if (i < text.length() && (text.charAt(i) == '=' || c == '<' && text.charAt(i) == '>')) {
                    i++;
                }
                String op = text.substring(start, i);
                if (op.equals("!")) {
                    throw ChorusException.invalid("unexpected '!' at position " + start + " (use != or <>)");
                }
                tokens.add(new Token(Kind.OPERATOR, op, start));
            } else {
                throw ChorusException.invalid("unexpected character '" + printable(c) + "' at position " + i
                        + ": only column names, literals, comparisons, AND, OR, NOT, IS NULL, IN, LIKE and BETWEEN are allowed");
            }
        }
        tokens.add(new Token(Kind.END, "", text.length()));
        return tokens;
    }

    /** A number: optional minus, digits with at most one dot, an optional exponent. */
    private static int number(String text, int i) {
        if (text.charAt(i) == '-') {
            i++;
        }
        boolean dot = false;
        while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.' && !dot)) {
            dot |= text.charAt(i) == '.';
            i++;
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < text.length() && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < text.length() && Character.isDigit(text.charAt(j))) {
                i = j;
                while (i < text.length() && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
