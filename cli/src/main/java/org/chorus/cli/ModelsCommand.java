package org.chorus.cli;

import org.chorus.client.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true, description = "Registered models: publish a version to the hub.",
        subcommands = {ModelsCommand.Publish.class})
final class ModelsCommand {

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Commits a registered version's run artifacts and a model card (base model, run, params, metrics) to a hub"
                    + " model repository, created when missing, and points the version at that commit.")
    static final class Publish extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name.")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The registered version's number.")
        String version;

        @Option(names = "--repo", required = true, paramLabel = "OWNER/NAME", description = "Target model repository.")
        String repo;

        @Option(names = "--private", description = "Create the repository private if it does not exist.")
        boolean isPrivate;

        @Override
        public Integer call() {
            RegistryClient.Published p = client().registry().publish(name, version, repo, isPrivate);
            context.out().println("published " + p.name() + " version " + p.version() + " to " + p.repo() + " at " + p.commit());
            context.out().println("source: " + p.source());
            context.out().println(p.url());
            return 0;
        }
    }
}
