package org.chorus.server.hf;

import io.javalin.http.Context;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/**
 * The part of a representation of {@code total} bytes a {@code Range} header asks for, by RFC 9110 §14: a header
 * that is not one valid byte range — another unit, letters, a last position before the first — is ignored and the
 * whole representation served; several ranges are served whole too (the RFC lets a server ignore Range); an end
 * past the representation is clamped to it; a valid range that starts at or past the end, or an empty suffix, is
 * not satisfiable (416).
 */
public record ByteRange(long start, long length, long total, boolean partial) {
    private static final Pattern ONE_RANGE = Pattern.compile("(?i)bytes=[ \\t]*([0-9]*)-([0-9]*)[ \\t]*");

    /** The request's range of a representation of {@code total} bytes; a 416 carries {@code Content-Range: bytes *}{@code /total}. */
    static ByteRange of(Context ctx, long total) {
        try {
            return parse(ctx.header("Range"), total);
        } catch (ChorusException e) {
            if (e.code() == ErrorCode.RANGE_NOT_SATISFIABLE) {
                ctx.header("Content-Range", "bytes */" + total);
            }
            throw e;
        }
    }

    public static ByteRange parse(String header, long total) {
        ByteRange whole = new ByteRange(0, total, total, false);
        Matcher m = header == null ? null : ONE_RANGE.matcher(header.strip());
        if (m == null || !m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return whole;
        }
        if (m.group(1).isEmpty()) {
            long suffix = digits(m.group(2));
            if (suffix == 0 || total == 0) {
                throw unsatisfiable(total);
            }
            long start = Math.max(0, total - suffix);
            return new ByteRange(start, total - start, total, true);
        }
        long start = digits(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : digits(m.group(2));
        if (last < start) {
            return whole;
        }
        if (start >= total) {
            throw unsatisfiable(total);
        }
        long end = Math.min(last, total - 1);
        return new ByteRange(start, end - start + 1, total, true);
    }

    /** A decimal position; one too large for a long is past any representation, so it saturates. */
    private static long digits(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static ChorusException unsatisfiable(long total) {
        return new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "requested range not satisfiable; the file has " + total + " bytes");
    }

    String contentRange() {
        return "bytes " + start + "-" + (start + length - 1) + "/" + total;
    }
}
