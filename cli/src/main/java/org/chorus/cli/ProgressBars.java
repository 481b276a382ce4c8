package org.chorus.cli;

import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.chorus.client.ProgressListener;

/** Terminal progress bars, one per file and phase; closed when the transfer is done. */
final class ProgressBars implements ProgressListener, AutoCloseable {
    private final Map<String, ProgressBar> bars = new HashMap<>();

    /** Bars for a person at a terminal; silence for scripts and tests. */
    static ProgressListener forContext(CliContext context) {
        return context.terminal() ? new ProgressBars() : ProgressListener.NONE;
    }

    @Override
    public synchronized void progress(String path, String phase, long done, long total) {
        ProgressBar bar = bars.computeIfAbsent(phase + " " + path, name -> new ProgressBarBuilder()
                .setTaskName(name.length() > 40 ? "…" + name.substring(name.length() - 39) : name)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" MB", 1 << 20)
                .showSpeed()
                .build());
        bar.stepTo(done);
        if (total >= 0 && done >= total) {
            bar.close();
        }
    }

    @Override
    public synchronized void close() {
        bars.values().forEach(ProgressBar::close);
    }
}
