package org.chorus.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The backup and restore of docs/operations.md, "Backup and restore", command for command: pg_dump of the database
 * into a plain SQL file, psql of that file into a new empty database, then rclone copy of the bucket into a new one.
 */
final class Backup {
    private Backup() {}

    static void copyDatabase(String from, String to, Path dumpFile) throws Exception {
        Path bin = postgresBin();
        Processes.Result dump = Processes.run(dumpFile.getParent(), Map.of(), 300,
                List.of(bin.resolve("pg_dump").toString(), "--no-owner", "--no-privileges", "--file", dumpFile.toString(), from));
        assertThat(dump.exitCode()).as("pg_dump: " + dump.output()).isZero();
        Processes.Result restore = Processes.run(dumpFile.getParent(), Map.of(), 300,
                List.of(bin.resolve("psql").toString(), "--quiet", "--set", "ON_ERROR_STOP=1", "--file", dumpFile.toString(), to));
        assertThat(restore.exitCode()).as("psql: " + restore.output()).isZero();
    }

    /** rclone copy between two buckets of the same S3 endpoint (both given as serve --storage settings). */
    static void copyBucket(String from, String to) {
        Map<String, String> source = query(from);
        Map<String, String> env = Map.of("RCLONE_CONFIG_STORE_TYPE", "s3", "RCLONE_CONFIG_STORE_PROVIDER", "Other",
                "RCLONE_CONFIG_STORE_ENDPOINT", source.get("endpoint"), "RCLONE_CONFIG_STORE_ACCESS_KEY_ID", source.get("accessKey"),
                "RCLONE_CONFIG_STORE_SECRET_ACCESS_KEY", source.get("secretKey"), "RCLONE_CONFIG_STORE_REGION", source.get("region"));
        Processes.Result copy = Processes.run(Processes.root(), env, 300,
                // env -u: rclone 1.60 (Debian 12) fails on any S3 endpoint when AWS_CA_BUNDLE is set, as it is on some machines
                List.of("env", "-u", "AWS_CA_BUNDLE", "rclone", "copy", "--config", "/dev/null", "store:" + bucket(from), "store:" + bucket(to)));
        assertThat(copy.exitCode()).as("rclone: " + copy.output()).isZero();
    }

    private static String bucket(String storage) {
        return URI.create(storage).getHost();
    }

    private static Map<String, String> query(String storage) {
        Map<String, String> params = new HashMap<>();
        Arrays.stream(URI.create(storage).getQuery().split("&")).map(p -> p.split("=", 2)).forEach(p -> params.put(p[0], p[1]));
        return params;
    }

    /** The newest Debian PostgreSQL's bin directory, the one scripts/lib/postgres.sh runs the test server from. */
    private static Path postgresBin() throws Exception {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()))).orElseThrow().resolve("bin");
        }
    }
}
