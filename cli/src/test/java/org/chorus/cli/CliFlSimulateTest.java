package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFlSimulateTest {
    @TempDir
    Path dir;
    String out;

    private int run(String... args) {
        CliHarness cli = new CliHarness(dir, Map.of());
        int code = cli.run("", args);
        out = cli.out() + cli.err();
        return code;
    }

    @Test
    void aSmallIidFederationLearnsFashionMnist() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "needs Debian's dataset-fashion-mnist (./chorus dev test installs it)");

        int code = run("fl", "simulate", "--clients=3", "--rounds=2", "--epochs=1", "--partition=iid", "--train-limit=3000",
                "--test-limit=500", "--seed=7");

        assertThat(code).as(out.toString()).isZero();
        String accuracy = out.toString().replaceAll("(?s).*accuracy=([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(accuracy)).as("ten classes: chance is 0.10").isGreaterThan(0.5);
        assertThat(out.toString()).contains("client");
    }

    @Test
    void unknownOptionsAreRefused() {
        assertThat(run("fl", "simulate", "--clients=3", "--colour=blue")).isEqualTo(1);
        assertThat(out.toString()).contains("unknown option").contains("colour");
    }
}
