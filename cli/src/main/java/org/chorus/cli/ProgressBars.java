package org.chorus.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.chorus.client.ProgressListener;

/**
 * One progress line per file and phase on standard error, redrawn in place with a carriage return (no escape codes,
 * so dumb terminals show it right): bar, percent, bytes, rate, ETA and, for Xet uploads, bytes deduplicated. Lines
 * are redrawn at most ten times a second; a finished one stays on screen.
 */
final class ProgressBars implements ProgressListener, AutoCloseable {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 20;
    private static final int NAME = 32;
    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private final Map<String, Long> deduplicated = new HashMap<>();
    private String key;
    private String path;
    private long started;
    private long startedAt;
    private long lastDraw;
    private long done;
    private long total;
    private int width;

    ProgressBars(PrintWriter err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    /** Bars for a person at a terminal; silence for pipes, scripts and {@code --quiet}. */
    static ProgressListener forContext(CliContext context, boolean quiet) {
        return context.terminal() && !quiet ? new ProgressBars(context.err(), System::nanoTime) : ProgressListener.NONE;
    }

    @Override
    public synchronized void progress(String path, String phase, long done, long total) {
        String k = phase + " " + path;
        long now = nanoClock.getAsLong();
        if (!k.equals(key)) {
            endLine();
            key = k;
            this.path = path;
            started = now;
            startedAt = done;
            lastDraw = now - REDRAW_NANOS;
        }
        this.done = done;
        this.total = total;
        boolean finished = total >= 0 && done >= total;
        if (finished || now - lastDraw >= REDRAW_NANOS) {
            draw(now);
        }
        if (finished) {
            endLine();
        }
    }

    @Override
    public synchronized void deduplicated(String path, long bytes) {
        deduplicated.put(path, bytes);
    }

    @Override
    public synchronized void close() {
        endLine();
    }

    private void endLine() {
        if (key != null) {
            draw(nanoClock.getAsLong());
            err.println();
            err.flush();
            key = null;
            width = 0;
        }
    }

    private void draw(long now) {
        lastDraw = now;
        String name = key.length() > NAME ? "…" + key.substring(key.length() - NAME + 1) : key;
        StringBuilder line = new StringBuilder(String.format("%-" + NAME + "s ", name));
        double seconds = (now - started) / 1e9;
        double rate = seconds > 0 ? (done - startedAt) / seconds : 0;
        if (total > 0) {
            int filled = (int) (BAR * Math.min(1.0, (double) done / total));
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
                    .append(String.format("%3d%% ", 100 * done / total))
                    .append(Sizes.human(done)).append(" / ").append(Sizes.human(total));
        } else {
            line.append(Sizes.human(done));
        }
        line.append("  ").append(Sizes.human((long) rate)).append("/s");
        if (total > 0 && done < total) {
            line.append("  ETA ").append(rate > 0 ? Sizes.duration((total - done) / rate) : "?");
        }
        long dedup = deduplicated.getOrDefault(path, 0L);
        if (dedup > 0) {
            line.append("  deduplicated ").append(Sizes.human(dedup));
        }
        int pad = Math.max(0, width - line.length());
        width = line.length();
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
    }
}
