package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The launcher's AOT training for {@code upload} must run the real upload path end to end against its stand-in hub:
 * a stand-in that drifted from what the client asks would fail the command (and the training throws), or train it
 * on less than the file.
 */
class UploadAotTrainingTest {
    @Test
    void theTrainingUploadSendsTheWholeFileAsXorbsToItsStandIn() throws IOException {
        long sent = UploadAotTraining.train();

        // 100 MiB of random bytes: none deduplicated, each chunk with an 8-byte header.
        assertThat(sent).isGreaterThan(100L << 20).isLessThan((100L << 20) + (1L << 20));
    }
}
