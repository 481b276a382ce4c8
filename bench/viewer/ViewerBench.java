import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chorus.core.db.Database;
import org.chorus.core.db.DatabaseUrl;
import org.chorus.hub.repos.Repo;
import org.chorus.hub.repos.RepoId;
import org.chorus.hub.repos.RepoType;
import org.chorus.viewer.DatasetViewer;
import org.chorus.viewer.RepoFiles;
import org.chorus.viewer.ViewerLimits;

/**
 * The dataset viewer's first-rows and statistics on a generated Parquet file of about 1 GB (-Dbench.rows, default
 * 13,500,000 rows: id BIGINT, score DOUBLE with 1 in 20 null, label VARCHAR of 5 values, text VARCHAR of 2 md5
 * hashes, flag BOOLEAN), each beside its floor: the direct DuckDB query of the same file on the same machine in the
 * same run ({@code SELECT * … LIMIT 100}; {@code SUMMARIZE}, which computes min, max, mean, std, quartiles and
 * distinct counts of every column in one pass). The viewer runs with its default limits but a 10-minute time limit (statistics of 1 GB
 * pass the default 30 s on a loaded 2-core machine) over SQLite (the cache),
 * reading the file from a directory as its storage (the hub's chunk store is not timed here: the copy into the
 * viewer's local directory is, in "cold"). Cold: nothing cached, no local copy; cached: the answer from SQL.
 */
public class ViewerBench {
    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.rows", 13_500_000L);
        int runs = Integer.getInteger("bench.runs", 5);
        Path out = Files.createDirectories(Path.of("bench/out/viewer-" + ProcessHandle.current().pid()));
        Path parquet = out.resolve("storage/data/train.parquet");
        Files.createDirectories(parquet.getParent());
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT range AS id, CASE WHEN range % 20 = 7 THEN NULL ELSE (hash(range) % 100000) / 100.0 END AS score,"
                    + " ['alpha', 'beta', 'gamma', 'delta', 'epsilon'][range % 5 + 1] AS label,"
                    + " md5(range::VARCHAR) || ' ' || md5((range * 7)::VARCHAR) AS text, range % 3 = 0 AS flag"
                    + " FROM range(" + rows + ")) TO '" + parquet + "' (FORMAT parquet)");
        }
        long size = Files.size(parquet);
        System.out.printf(Locale.ROOT, "generated %,d rows, %,d bytes of Parquet in %.1f s%n", rows, size, (System.nanoTime() - t0) / 1e9);

        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("bench" + size).getBytes()));
        RepoFiles storage = new RepoFiles() {
            @Override
            public List<StoredFile> list(Repo repo, String commit) {
                return List.of(new StoredFile("data/train.parquet", size, hash));
            }

            @Override
            public InputStream open(Repo repo, String commit, StoredFile file, long length) {
                try {
                    return Files.newInputStream(parquet);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        List<String[]> table = new ArrayList<>();
        try (Database db = Database.open(DatabaseUrl.sqlite(out.resolve("chorus.db")));
             DatasetViewer viewer = DatasetViewer.open(db, storage, ViewerLimits.defaults(out.resolve("local"))
                     .withTimeLimit(java.time.Duration.ofMinutes(10)), Clock.systemUTC());
             Connection floor = DriverManager.getConnection("jdbc:duckdb:")) {
            floor.createStatement().execute("SET threads = 2"); // the viewer's DuckDB has 2 threads too
            String file = "read_parquet('" + parquet + "')";
            int[] n = {0};
            long firstCold = time(() -> viewer.firstRows(repo(n[0]++), "default", "train"));
            Repo warm = repo(n[0]++);
            viewer.firstRows(warm, "default", "train");
            double firstCached = median(runs, () -> viewer.firstRows(warm, "default", "train"));
            double firstFloor = median(runs, () -> drain(floor, "SELECT * FROM " + file + " LIMIT 100"));
            long statsCold = time(() -> viewer.statistics(warm, "default", "train"));
            double statsCached = median(runs, () -> viewer.statistics(warm, "default", "train"));
            double statsFloor = median(Math.min(runs, 3), () -> drain(floor, "SUMMARIZE SELECT * FROM " + file));
            double rowsLate = median(runs, () -> viewer.rows(warm, "default", "train", rows / 2, 100));
            double rowsFloor = median(runs, () -> drain(floor, "SELECT * FROM " + file + " LIMIT 100 OFFSET " + rows / 2));
            table.add(row("first-rows, cold (local copy, schema, count, 100 rows)", firstCold / 1e6, firstFloor));
            table.add(row("first-rows, cached in SQL", firstCached, firstFloor));
            table.add(row("statistics, not cached (local copy there)", statsCold / 1e6, statsFloor));
            table.add(row("statistics, cached in SQL", statsCached, statsFloor));
            table.add(row("rows, offset " + rows / 2 + ", 100 rows", rowsLate, rowsFloor));
        }
        System.out.printf(Locale.ROOT, "%-56s %12s %14s %8s%n", "call", "viewer ms", "DuckDB ms", "ratio");
        for (String[] r : table) {
            System.out.printf(Locale.ROOT, "%-56s %12s %14s %8s%n", (Object[]) r);
        }
        try (var walk = Files.walk(out)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A repository row for the viewer: a fresh id each time, so "cold" shares no cached answer with an earlier call. */
    static Repo repo(int n) {
        return new Repo("bench" + n, RepoId.of(RepoType.DATASET, "bench", "big"), false, Instant.EPOCH, Instant.EPOCH,
                "b".repeat(40), 0, 0, 0, null, null, List.of(), Map.of(), 0);
    }

    static String[] row(String name, double viewerMs, double floorMs) {
        return new String[] {name, String.format(Locale.ROOT, "%.1f", viewerMs), String.format(Locale.ROOT, "%.1f", floorMs),
                String.format(Locale.ROOT, "%.2f×", viewerMs / floorMs)};
    }

    interface Call {
        void run() throws Exception;
    }

    static long time(Call c) throws Exception {
        long t = System.nanoTime();
        c.run();
        return System.nanoTime() - t;
    }

    static double median(int runs, Call c) throws Exception {
        List<Long> times = new ArrayList<>();
        c.run(); // warm-up
        for (int i = 0; i < runs; i++) {
            times.add(time(c));
        }
        times.sort(null);
        return times.get(times.size() / 2) / 1e6;
    }

    static void drain(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) {
                    rs.getObject(i);
                }
            }
        }
    }
}
