package org.chorus.cli;

import java.util.List;
import java.util.Locale;
import org.chorus.federated.sim.Simulation;
import org.chorus.federated.sim.SimulationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(name = "fl", mixinStandardHelpOptions = true, description = "Federated learning.", subcommands = FlCommand.Simulate.class)
final class FlCommand {

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Runs N virtual clients against a real coordinator in this process, on Fashion-MNIST",
                    "(Debian package dataset-fashion-mnist), and prints the final test accuracy.",
                    "Options are --key=value: --clients=10 --clients-per-round=10 --rounds=50 --strategy=fedavg|fedprox|fedavgm|",
                    "fedadam|fedyogi|fedadagrad|fedmedian|fedtrimmedavg|krum|multikrum|bulyan|fedbuff --param.<name>=<number>",
                    "(e.g. --param.proximal_mu=0.01) --partition=iid|dir(0.5)|#c=2|shards(2) --epochs=10 --batch-size=64 --lr=0.01",
                    "--momentum=0.9 --seed=1 --train-limit=N --test-limit=N --data=<dir> --round-timeout-ms=N.",
                    "Attacks: --byzantine=0.2 --attack=sign-flip|scale|random|label-flip. Defences: --norm-bound=B;",
                    "differential privacy: --dp-noise=σ --dp-clip=C --dp-delta=1e-5 --dp-budget=ε --dp-mode=central|local --dp-client-clip=true.",
                    "Defaults follow NIID-Bench. This command trains a softmax model in plain Java; the CNN of the paper runs",
                    "in bench/federated/run."})
    static final class Simulate extends CliCommand {
        @Unmatched
        List<String> options = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            SimulationOptions o = SimulationOptions.parse(options.toArray(String[]::new));
            Simulation.Result r = Simulation.run(o, Simulation.softmax());
            context.out().printf(Locale.ROOT, "strategy=%s partition=%s clients=%d rounds=%d accuracy=%.4f loss=%.4f wall_s=%.1f%n",
                    o.strategy(), o.partition(), o.clients(), r.task().completedRounds(), r.testAccuracy(), r.testLoss(), r.wallSeconds());
            if (o.privacy() != null) {
                context.out().printf(Locale.ROOT, "epsilon=%.4f delta=%s%s%n", r.epsilon(), o.privacy().delta(),
                        r.task().message() == null ? "" : " (" + r.task().message() + ")");
            }
            r.partitions().forEach((client, stats) -> context.out().println("  " + client + ": " + stats));
            return 0;
        }
    }
}
