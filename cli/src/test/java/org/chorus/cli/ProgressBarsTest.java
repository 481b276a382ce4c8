package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What a progress line says, on a clock the test moves. */
class ProgressBarsTest {
    private final StringWriter screen = new StringWriter();
    private long now;
    private final ProgressBars bars = new ProgressBars(new PrintWriter(screen), () -> now);

    @Test
    void aLineShowsBytesRateEtaAndDeduplicatedBytesAndEndsWhenTheFileIsDone() {
        bars.progress("model.bin", "uploading", 0, 100_000_000);
        now = 2_000_000_000L;
        bars.deduplicated("model.bin", 30_000_000);
        bars.progress("model.bin", "uploading", 40_000_000, 100_000_000);

        String last = screen.toString().substring(screen.toString().lastIndexOf('\r') + 1);
        assertThat(last).startsWith("uploading model.bin").contains("[########............]  40% 40.0 MB / 100 MB")
                .contains("20.0 MB/s").contains("ETA 3.0s").contains("deduplicated 30.0 MB");

        now += 50_000_000L;
        bars.progress("model.bin", "uploading", 41_000_000, 100_000_000);
        assertThat(screen.toString()).as("at most ten redraws a second").doesNotContain("41.0 MB");

        now = 5_000_000_000L;
        bars.progress("model.bin", "uploading", 100_000_000, 100_000_000);
        assertThat(screen.toString()).endsWith(System.lineSeparator()).contains("100% 100 MB / 100 MB").doesNotContain("ETA 0");
    }
}
