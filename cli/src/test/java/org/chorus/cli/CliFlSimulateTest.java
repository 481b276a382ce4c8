package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFlSimulateTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();

    private int run(String... args) {
        CliContext context = new CliContext(Map.of(), dir, new BufferedReader(new StringReader("")), new PrintWriter(out, true),
                new PrintWriter(out, true), false);
        return Main.commandLine(context).execute(args);
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
        assertThat(out.toString()).contains("unknown options").contains("colour");
    }
}
