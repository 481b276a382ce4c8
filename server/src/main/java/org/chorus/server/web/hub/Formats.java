package org.chorus.server.web.hub;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How repository pages write sizes, dates and commit ids. */
public final class Formats {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Formats() {}

    /** Bytes in SI units as the Hub writes them: {@code 532 Bytes}, {@code 1.2 kB}, {@code 4.5 GB}. */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " Byte" : " Bytes");
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return oneDecimalBelowTen(value) + " " + units[unit];
    }

    /** A parameter count as the Hub writes it: {@code 124M}, {@code 7.2B}. */
    public static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "B", "T"};
        double value = n;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return oneDecimalBelowTen(value) + units[unit];
    }

    /** {@code 4.5}, {@code 24}: one decimal below ten, none above (rounded half up; no String.format on a hot path). */
    private static String oneDecimalBelowTen(double value) {
        if (value < 9.95) {
            long tenths = Math.round(value * 10);
            return tenths / 10 + "." + tenths % 10;
        }
        return Long.toString(Math.round(value));
    }

    public static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    public static String isoDate(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public static String shortSha(String sha) {
        return sha == null ? "" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    /** A statistic for a column header: whole numbers as they are, others with at most 4 significant decimals. */
    static String number(Object value) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double d = n.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
