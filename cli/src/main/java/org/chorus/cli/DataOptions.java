package org.chorus.cli;

import java.nio.file.Path;
import org.chorus.core.config.ChorusConfig;
import picocli.CommandLine.Option;

/** Where a node keeps its state; shared by {@code serve} and the offline maintenance commands. */
final class DataOptions {
    @Option(names = "--data", defaultValue = ChorusConfig.DEFAULT_DATA_DIR, description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "URL", defaultValue = "sqlite:<data>/chorus.db",
            description = "Metadata database: sqlite:<file> or postgresql://user:password@host:5432/db (default: ${DEFAULT-VALUE}).")
    String db;

    @Option(names = "--storage", paramLabel = "DIR|URL", defaultValue = "<data>/storage",
            description = "Where file bytes are stored: a directory, memory: or s3://bucket/prefix?endpoint=... (default: ${DEFAULT-VALUE}).")
    String storage;

    /** A config builder with these locations; the placeholders mean "inside the data directory". */
    ChorusConfig.Builder builder() {
        return ChorusConfig.builder().dataDir(data)
                .database(db.startsWith("sqlite:<data>") ? null : db)
                .storage(storage.startsWith("<data>") ? null : storage);
    }
}
