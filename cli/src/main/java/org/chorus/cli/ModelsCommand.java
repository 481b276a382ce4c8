package org.chorus.cli;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.chorus.client.ChorusClientException;
import org.chorus.client.RegistryClient;
import org.chorus.client.RegistryClient.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: register, list, alias and stage versions, publish one to the hub.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Versions.class, ModelsCommand.Register.class, ModelsCommand.Alias.class,
                ModelsCommand.Stage.class, ModelsCommand.Publish.class})
final class ModelsCommand {

    /** A command on one registered model, named by its first parameter. */
    abstract static class OnModel extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Registered model name.")
        String name;

        RegistryClient registry() {
            return client().registry();
        }
    }

    /** A command on one version of a registered model. */
    abstract static class OnVersion extends OnModel {
        @Parameters(index = "1", paramLabel = "VERSION", description = "The registered version's number.")
        String version;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Registered models with their latest version and aliases.")
    static final class ListModels extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            return table(output, client().registry().models(limit), m -> row(m.name(), latest(m), aliases(m.aliases()),
                    m.description() == null ? "" : RunsCommand.clip(m.description(), 50)), "NAME", "LATEST", "ALIASES", "DESCRIPTION");
        }

        private static String latest(RegistryClient.RegisteredModel m) {
            return m.latestVersions().stream().map(ModelVersion::version).max((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)))
                    .orElse(null);
        }

        private static String aliases(Map<String, String> aliases) {
            return aliases.isEmpty() ? "" : aliases.entrySet().stream().map(e -> e.getKey() + "→" + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "A registered model's versions, newest first.")
    static final class Versions extends OnModel {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, registry().versions(name), v -> row(v.version(), v.stage(), String.join(", ", v.aliases()),
                    Instant.ofEpochMilli(v.created()).toString().substring(0, 19), v.runId(), v.source()),
                    "VERSION", "STAGE", "ALIASES", "CREATED", "RUN", "SOURCE");
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Registers a run's artifacts as a new version of a model (created when missing) and prints the version.")
    static final class Register extends OnModel {
        @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The run whose artifacts the version holds.")
        String runId;

        @Option(names = "--path", defaultValue = "model", description = "The artifacts' folder in the run (default: ${DEFAULT-VALUE}).")
        String path;

        @Override
        public Integer call() {
            RegistryClient registry = registry();
            try {
                registry.createModel(name, null);
                context.err().println("Created registered model " + name);
            } catch (ChorusClientException e) {
                if (!"RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                    throw e;
                }
            }
            ModelVersion v = registry.createVersion(name, "runs:/" + runId + "/" + path, runId);
            context.out().println("Registered " + name + " version " + v.version() + " from run " + runId);
            return 0;
        }
    }

    @Command(name = "alias", mixinStandardHelpOptions = true,
            description = "Points an alias (e.g. champion) at a version, moving it from any other; --delete removes it.")
    static final class Alias extends OnModel {
        @Parameters(index = "1", paramLabel = "ALIAS", description = "The alias, e.g. champion.")
        String alias;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "The version it names (not with --delete).")
        String version;

        @Option(names = "--delete", description = "Remove the alias instead.")
        boolean delete;

        @Override
        public Integer call() {
            if (delete == (version != null)) {
                throw new IllegalArgumentException(delete ? "--delete takes no VERSION: chorus models alias " + name + " " + alias + " --delete"
                        : "which version? chorus models alias " + name + " " + alias + " VERSION");
            }
            if (delete) {
                registry().deleteAlias(name, alias);
                context.out().println("Removed alias " + alias + " of " + name);
            } else {
                registry().setAlias(name, alias, version);
                context.out().println(name + "@" + alias + " is now version " + version);
            }
            return 0;
        }
    }

    @Command(name = "stage", mixinStandardHelpOptions = true, description = "Moves a version to a stage: None, Staging, Production or Archived.")
    static final class Stage extends OnVersion {
        @Parameters(index = "2", paramLabel = "STAGE", description = "None, Staging, Production or Archived.")
        String stage;

        @Option(names = "--archive-others", description = "Archive the versions now in that stage.")
        boolean archiveOthers;

        @Override
        public Integer call() {
            ModelVersion v = registry().transitionStage(name, version, stage, archiveOthers);
            context.out().println(name + " version " + v.version() + " is now in " + v.stage());
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Commits a registered version's run artifacts and a model card (base model, run, params, metrics) to a hub"
                    + " model repository, created when missing, and points the version at that commit.")
    static final class Publish extends OnVersion {
        @Option(names = "--repo", required = true, paramLabel = "OWNER/NAME", description = "Target model repository.")
        String repo;

        @Option(names = "--private", description = "Create the repository private if it does not exist.")
        boolean isPrivate;

        @Override
        public Integer call() {
            RegistryClient.Published p = registry().publish(name, version, repo, isPrivate);
            context.out().println("published " + p.name() + " version " + p.version() + " to " + p.repo() + " at " + p.commit());
            context.out().println("source: " + p.source());
            context.out().println(p.url());
            return 0;
        }
    }
}
