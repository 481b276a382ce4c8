package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the CLI keeps its profiles and cache: as a Unix tool, under the {@code HOME} it was started with. */
class CliContextTest {
    @Test
    void chorusHomeThenHomeThenTheJvmsHome() {
        assertThat(CliContext.chorusHome(Map.of("CHORUS_HOME", "/srv/c", "HOME", "/h"), "/passwd")).isEqualTo(Path.of("/srv/c"));
        assertThat(CliContext.chorusHome(Map.of("HOME", "/tmp/someone"), "/passwd")).isEqualTo(Path.of("/tmp/someone/.chorus"));
        assertThat(CliContext.chorusHome(Map.of("CHORUS_HOME", " ", "HOME", ""), "/passwd")).isEqualTo(Path.of("/passwd/.chorus"));
        assertThat(CliContext.chorusHome(Map.of(), "/passwd")).isEqualTo(Path.of("/passwd/.chorus"));
    }
}
