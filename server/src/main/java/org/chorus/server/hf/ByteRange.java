package org.chorus.server.hf;

import org.chorus.core.ChorusException;
import org.chorus.core.ErrorCode;

/** One satisfiable byte range of a file of {@code total} bytes, from an HTTP {@code Range} header. */
record ByteRange(long start, long length, long total, boolean partial) {

    static ByteRange parse(String header, long total) {
        if (header == null || header.isBlank()) {
            return new ByteRange(0, total, total, false);
        }
        String h = header.strip();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return new ByteRange(0, total, total, false);
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        try {
            if (dash < 0) {
                throw unsatisfiable(total);
            }
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            long start;
            long end;
            if (a.isEmpty()) {
                long suffix = Long.parseLong(b);
                if (suffix <= 0) {
                    throw unsatisfiable(total);
                }
                start = Math.max(0, total - suffix);
                end = total - 1;
            } else {
                start = Long.parseLong(a);
                end = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
            }
            if (start < 0 || start >= total || end < start) {
                throw unsatisfiable(total);
            }
            return new ByteRange(start, end - start + 1, total, true);
        } catch (NumberFormatException e) {
            throw unsatisfiable(total);
        }
    }

    private static ChorusException unsatisfiable(long total) {
        return new ChorusException(ErrorCode.RANGE_NOT_SATISFIABLE, "requested range not satisfiable; the file has " + total + " bytes");
    }

    String contentRange() {
        return "bytes " + start + "-" + (start + length - 1) + "/" + total;
    }
}
