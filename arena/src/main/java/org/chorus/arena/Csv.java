package org.chorus.arena;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chorus.core.ChorusException;

/**
 * Comma-separated text as RFC 4180 writes it (fields may be quoted, quotes doubled inside), UTF-8 only, LF or CRLF
 * line ends, a header line first. {@code what} names the file in messages ("submission", "solution").
 */
final class Csv extends Records {
    private final String text;
    private int pos;
    /** Line ends passed so far: the next record starts on line {@code newlines + 1}. */
    private int newlines;

    private Csv(String what, String text) {
        super(what);
        this.text = text;
        this.pos = text.startsWith("\uFEFF") ? 1 : 0;
    }

    static Csv of(String what, byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return new Csv(what, text);
        } catch (CharacterCodingException e) {
            throw ChorusException.invalid("the " + what + " is not UTF-8 text");
        }
    }

    /** Line numbers: 1 is the header. */
    @Override
    String where(int at) {
        return "line " + at;
    }

    /** The next record's fields, or null at the end; blank lines are skipped. */
    @Override
    List<String> next() {
        while (pos < text.length() && (text.charAt(pos) == '\n' || text.charAt(pos) == '\r')) {
            if (text.charAt(pos) == '\n') {
                newlines++;
            }
            pos++;
        }
        if (pos >= text.length()) {
            return null;
        }
        line = newlines + 1;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (quoted) {
                if (c == '"') {
                    if (pos < text.length() && text.charAt(pos) == '"') {
                        field.append('"');
                        pos++;
                    } else {
                        quoted = false;
                    }
                } else {
                    newlines += c == '\n' ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                pos--;
                break;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw ChorusException.invalid(what + " line " + line + ": a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Rows {@code [from, to)} as CSV text under {@code header}, LF line ends, fields quoted where RFC 4180 needs it. */
    static String write(List<String> header, String[][] rows, int from, int to) {
        StringBuilder out = new StringBuilder();
        line(out, header.toArray(String[]::new));
        for (int r = from; r < to; r++) {
            line(out, rows[r]);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] fields) {
        for (int f = 0; f < fields.length; f++) {
            String v = fields[f];
            out.append(f == 0 ? "" : ",");
            boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
            out.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
        }
        out.append('\n');
    }
}
