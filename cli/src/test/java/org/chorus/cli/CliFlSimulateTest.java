package org.chorus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chorus.server.ServerFixture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFlSimulateTest {
    @TempDir
    Path dir;
    String out;
    String err;

    private int run(String... args) {
        CliHarness cli = new CliHarness(dir, Map.of());
        int code = cli.run("", args);
        out = cli.out();
        err = cli.err();
        return code;
    }

    @Test
    void anAttackedFederationPrintsARowPerRoundNamesAttackAndDefenceAndIsLoggedToTracking() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "needs Debian's dataset-fashion-mnist (./chorus dev test installs it)");
        try (ServerFixture server = ServerFixture.sqlite(dir.resolve("server"))) {
            ServerCli cli = new ServerCli(dir.resolve("home"), server);

            assertThat(cli.run("fl", "simulate", "--clients", "3", "--rounds", "2", "--epochs", "1", "--partition", "iid",
                    "--train-limit", "3000", "--test-limit", "500", "--seed", "7", "--byzantine", "0.34", "--attack", "scale",
                    "--norm-bound", "1")).as(cli.err()).isZero();

            String printed = cli.out();
            assertThat(printed).containsPattern("(?m)^ROUND +CLIENTS +TRAIN ACC +TEST ACC +TEST LOSS +SECONDS$")
                    .containsPattern("(?m)^ +1 +3 +0\\.\\d{4} +0\\.\\d{4} +\\d+\\.\\d{4} +\\d+\\.\\d$")
                    .containsPattern("(?m)^ +2 +3 ")
                    .contains("attack: scale by 1 of 3 clients (client-0 … client-0)", "defences: norm bound 1.0")
                    .contains("held-out test split");
            String accuracy = printed.replaceAll("(?s).*final test accuracy ([0-9.]+).*", "$1");
            assertThat(Double.parseDouble(accuracy)).as("ten classes: chance is 0.10").isGreaterThan(0.5);
            String run = printed.replaceAll("(?s).*logged as run (\\w+) in experiment fl-simulate.*", "$1");
            assertThat(cli.run("runs", "list", "-e", "fl-simulate")).isZero();
            assertThat(cli.out()).contains(run);
            assertThat(cli.run("runs", "show", run)).isZero();
            assertThat(cli.out()).contains("attack = scale by 1 of 3 clients", "norm_bound = 1.0", "test_accuracy = " + accuracy.substring(0, 4));
        }
    }

    @Test
    void theCnnTrainsOnPyTorchWhenFederatedDjlIsOnTheClassPath() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
                "needs Debian's dataset-fashion-mnist (./chorus dev test installs it)");
        System.setProperty("ai.djl.offline", "true"); // PyTorch's native library comes in pytorch-native-cpu's jar

        assertThat(run("fl", "simulate", "--no-log", "--model=cnn", "--clients", "2", "--rounds", "1", "--epochs", "1", "--train-limit", "400",
                "--test-limit", "200", "--partition", "iid")).as(err).isZero();

        assertThat(out).startsWith("Fashion-MNIST, cnn model (44,426 parameters): 2 clients (iid), 2 per round, 1 rounds of fedavg")
                // the CNN's trainer reports its loss, not its train accuracy: that column stays "-"
                .containsPattern("(?m)^ +1 +2 +- +0\\.\\d{4} +\\d+\\.\\d{4} +\\d+\\.\\d$")
                .contains("final test accuracy");
    }

    @Test
    void anUnknownModelIsNamedWithTheChoicesBeforeAnyWork() {
        assertThat(run("fl", "simulate", "--no-log", "--model", "resnet", "--data", dir.resolve("none").toString())).isEqualTo(1);
        assertThat(err).contains("unknown model 'resnet': --model softmax (softmax regression in plain Java, built in) or --model cnn (");
        assertThat(out).isEmpty();
    }

    @Test
    void aMisspeltStrategyIsAnsweredBeforeAnyWork() {
        // the data folder does not exist: had the simulation started, that would be the error
        assertThat(run("fl", "simulate", "--no-log", "--clients", "5", "--strategy", "fedavgg", "--data", dir.resolve("none").toString()))
                .isEqualTo(1);
        assertThat(err).contains("unknown strategy fedavgg (fedavg, fedprox");
        assertThat(out).isEmpty();
    }

    @Test
    void badValuesAreNamed() {
        assertThat(run("fl", "simulate", "--no-log", "--clients", "many")).isEqualTo(1);
        assertThat(err).contains("--clients takes a whole number, not 'many'");
        assertThat(run("fl", "simulate", "--no-log", "--rounds")).isEqualTo(1);
        assertThat(err).contains("--rounds needs a value, e.g. --rounds 1");
        assertThat(run("fl", "simulate", "--no-log", "--strategy", "krum", "--dp-noise", "1")).isEqualTo(1);
        assertThat(err).contains("strategy krum does not average updates");
        assertThat(run("fl", "simulate", "--no-log", "--clients=3", "--colour=blue")).isEqualTo(1);
        assertThat(err).contains("unknown option --colour");
    }
}
