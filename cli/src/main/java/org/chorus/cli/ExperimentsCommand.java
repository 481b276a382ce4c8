package org.chorus.cli;

import org.chorus.client.RunsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "experiments", mixinStandardHelpOptions = true, description = "Creates, lists and deletes experiments (the MLflow kind).",
        subcommands = {ExperimentsCommand.Create.class, ExperimentsCommand.ListExperiments.class, ExperimentsCommand.Delete.class})
final class ExperimentsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates an experiment and prints its id.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The experiment's name, unique on the server.")
        String name;

        @Override
        public Integer call() {
            String id = client().runs().createExperiment(name);
            context.out().println("Created experiment " + name + " (id " + id + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the active experiments.")
    static final class ListExperiments extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return table(output, client().runs().experiments(limit), e -> row(e.id(), e.name()), "ID", "NAME");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes an experiment as MLflow does: it leaves the lists, its runs are kept, and it can be restored.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The experiment's name.")
        String name;

        @Override
        public Integer call() {
            RunsClient runs = client().runs();
            String id = RunsCommand.existing(runs, name);
            runs.deleteExperiment(id);
            context.out().println("Deleted experiment " + name + " (id " + id + ")");
            return 0;
        }
    }
}
