package org.chorus.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and times as pages show them: short ({@code 1.2k}, {@code 3 days ago}) with the exact value for {@code title}. */
public final class Format {
    private static final DateTimeFormatter EXACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Format() {}

    /** 999, 1.2k, 34k, 3.4M, 1.1B. */
    public static String count(long n) {
        if (n < 1000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "B"};
        double v = n;
        int unit = -1;
        while (v >= 1000 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", Math.floor(v * 10) / 10).replace(".0", "") : Long.toString((long) v)) + units[unit];
    }

    /** "just now", "5 minutes ago", "3 days ago", or the date for anything older than a year; "" for none. */
    public static String ago(Instant at) {
        if (at == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(at, Instant.now()).toSeconds());
        if (s < 60) {
            return "just now";
        }
        if (s < 3600) {
            return plural(s / 60, "minute");
        }
        if (s < 86_400) {
            return plural(s / 3600, "hour");
        }
        if (s < 30 * 86_400L) {
            return plural(s / 86_400, "day");
        }
        if (s < 365 * 86_400L) {
            return plural(s / (30 * 86_400L), "month");
        }
        return DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(at);
    }

    /** The exact time, for {@code title} beside {@link #ago}. */
    public static String exact(Instant at) {
        return at == null ? "" : EXACT.format(at);
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }
}
