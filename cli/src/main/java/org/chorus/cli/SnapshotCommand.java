package org.chorus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.chorus.client.SnapshotsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Hub snapshots as Parquet: export this hub's public repositories, import another hub's (site admins).",
        subcommands = {SnapshotCommand.Export.class, SnapshotCommand.Import.class, SnapshotCommand.ListEcosystems.class,
                SnapshotCommand.Delete.class})
final class SnapshotCommand {

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Commits models.parquet and datasets.parquet of the public repositories to a dataset repository;"
                    + " the weekly export writes there from then on.")
    static final class Export extends ClientCommand {
        @Option(names = "--repo", paramLabel = "ORG/NAME",
                description = "The dataset repository (created if missing; default: the previous export's, else YOU/hub-stats).")
        String repo;

        @Override
        public Integer call() {
            SnapshotsClient.Exported e = client().snapshots().export(repo);
            context.out().printf(Locale.ROOT, "Committed %d models and %d datasets to datasets/%s at %s%n", e.models(), e.datasets(), e.repo(), e.sha());
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Loads a hub-stats snapshot (models.parquet or datasets.parquet, e.g. the Hugging Face Hub's) as a named"
                    + " ecosystem the explorers can read; an import replaces the ecosystem's repositories of that type.")
    static final class Import extends ClientCommand {
        @Parameters(paramLabel = "FILE.parquet", description = "The snapshot file.")
        Path file;

        @Option(names = "--name", required = true, description = "The ecosystem's name (as a repository name; not 'hub').")
        String name;

        @Option(names = "--type", description = "model or dataset (default: dataset if the file's name starts with 'datasets', else model).")
        String type;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such file: " + file);
            }
            String kind = type != null ? type : String.valueOf(file.getFileName()).startsWith("datasets") ? "dataset" : "model";
            SnapshotsClient.Imported done = client().snapshots().importFile(file, name, kind);
            context.out().printf(Locale.ROOT, "Imported %d %ss into ecosystem %s%s%n", done.imported(), done.type(), done.name(),
                    done.skipped() == 0 ? "" : " (" + done.skipped() + " rows without an owner/name id skipped)");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the ecosystems: the live hub and imported snapshots.")
    static final class ListEcosystems extends ClientCommand {
        @Mixin
        JsonOutput output;

        @Override
        public Integer call() {
            return table(output, client().snapshots().ecosystems(), e -> row(e.name(), e.source(), e.models() < 0 ? "" : e.models(),
                    e.datasets() < 0 ? "" : e.datasets(), e.importedAt() == null ? "" : e.importedAt()), "NAME", "SOURCE", "MODELS", "DATASETS", "IMPORTED");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Removes an imported ecosystem.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "The ecosystem.")
        String name;

        @Override
        public Integer call() {
            client().snapshots().delete(name);
            context.out().println("Removed ecosystem " + name);
            return 0;
        }
    }
}
