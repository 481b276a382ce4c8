package org.chorus.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.chorus.core.config.ChorusConfig;
import org.chorus.core.db.Database;
import org.chorus.discovery.Discovery;
import org.chorus.hub.lfs.LargeFileStore;
import org.chorus.storage.ChunkStore;
import org.chorus.storage.FsckReport;
import org.chorus.storage.GcReport;
import org.chorus.storage.RootSource;
import org.chorus.tracking.ArtifactStore;
import org.chorus.storage.StorageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "storage", mixinStandardHelpOptions = true, description = "Checks and cleans the chunk store.",
        subcommands = {StorageCommand.Fsck.class, StorageCommand.Gc.class})
final class StorageCommand {
    private static final String SQLITE = "jdbc:sqlite:";

    @Command(name = "fsck", mixinStandardHelpOptions = true,
            description = {"Re-reads and re-hashes every xorb and checks every file against them. Exit 1 if anything is wrong.",
                    "Also counts what killed uploads left (xorbs no file uses, partial files), which gc removes."})
    static final class Fsck extends CliCommand {
        @Mixin
        DataOptions locations;

        @Override
        public Integer call() {
            FsckReport report = ChunkStore.fsck(existingStorage(locations.builder().build()));
            context.out().println(report);
            return report.problems().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "gc", mixinStandardHelpOptions = true,
            description = {"Deletes files no repository or run references (the large files of deleted repositories among them),"
                    + " xorbs no file uses, partial files of unfinished writes and card embeddings no card uses,"
                    + " once older than the grace period.",
                    "Safe while servers run: anything an upload is writing is younger than the grace period."})
    static final class Gc extends CliCommand {
        @Mixin
        DataOptions locations;

        @Option(names = "--grace", defaultValue = "PT24H", description = "Minimum age of what may be deleted, ISO-8601 (default: ${DEFAULT-VALUE}).")
        Duration grace;

        @Override
        public Integer call() {
            ChorusConfig config = locations.builder().build();
            StorageConfig storage = existingStorage(config);
            requireDatabase(config);
            try (Database db = Database.open(config.database())) {
                Instant cutoff = Instant.now().minus(grace);
                context.out().println(LargeFileStore.forgetUnreferenced(db, cutoff));
                context.out().println("forgot " + Discovery.forgetUnusedEmbeddings(db, cutoff) + " card embeddings no current card uses");
                RootSource hub = LargeFileStore.chunkRoots(db);
                RootSource artifacts = ArtifactStore.chunkRoots(db);
                RootSource both = sink -> {
                    hub.forEachLiveFile(sink);
                    artifacts.forEachLiveFile(sink);
                };
                GcReport report = ChunkStore.gc(storage, both, grace);
                context.out().println(report);
            }
            return 0;
        }
    }

    /**
     * The store, which must already exist: run from the wrong folder, fsck would check (and create) an empty store and
     * say OK, and gc would delete files it could not see referenced.
     */
    private static StorageConfig existingStorage(ChorusConfig config) {
        StorageConfig storage = StorageConfig.parse(config.storage());
        if (storage.backend() == StorageConfig.Backend.DIRECTORY && !Files.isDirectory(Path.of(storage.location()))) {
            throw new IllegalArgumentException("no Chorus storage at " + storage.location() + hint(config));
        }
        return storage;
    }

    /** gc reads what is referenced from the database: a new empty one would reference nothing. */
    private static void requireDatabase(ChorusConfig config) {
        String url = config.database().jdbcUrl();
        if (url.startsWith(SQLITE) && !Files.isRegularFile(Path.of(url.substring(SQLITE.length())))) {
            throw new IllegalArgumentException("no Chorus database at " + url.substring(SQLITE.length()) + hint(config));
        }
    }

    private static String hint(ChorusConfig config) {
        return Files.isDirectory(config.dataDir())
                ? ": " + config.dataDir() + " holds no Chorus data. Run this in the folder the server ran in, or pass its --data DIR (or --db and --storage)"
                : ": there is no " + config.dataDir() + ". Run this in the folder the server ran in, or pass its --data DIR (or --db and --storage)";
    }
}
