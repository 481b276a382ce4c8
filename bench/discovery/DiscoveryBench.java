import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * Search with facets over a synthetic ecosystem shaped like the Hub (issue #17, "Speed and scale"), seeded straight
 * into SQLite as metadata (not as git repositories), then indexed by the server's start-up rebuild.
 *
 * The generator (fixed seed 17, so every run has the same ecosystem):
 * - organisations: 20,000; each model's owner is drawn Zipf(1.1) over them (a few organisations own most models);
 * - families: 2% of models are base models; every other model derives from one, the base's popularity drawn Zipf(1.2)
 *   over the bases in creation order (power-law family sizes), its parent the base itself (70%) or an earlier member of
 *   that family (30%: later generations); relation finetune 55%, quantized 20%, adapter 20%, merge 5%;
 * - tasks, libraries, licences, languages weighted roughly as on the Hub (text-generation first; apache-2.0 and mit
 *   first; English on most cards, no language on a quarter); a child keeps its parent's licence 70% of the time and
 *   its parent's task always; quantized children are GGUF, adapters PEFT;
 * - created dates over five years, more in later years; downloads Pareto-distributed; likes about downloads / 500;
 *   5% private (never the first base); a one-sentence card text naming the task, the base and a dataset.
 *
 * The daily decay (-Dbench.parts=…,decay; not by default: ~10 minutes at 1.8M): see {@link #decay}.
 *
 * Model families (-Dbench.parts=search,families; both by default): the largest family's tree, the families ranking and
 * lineage drift of the largest family, over HTTP as an anonymous caller, each beside its raw Lucene floor in this process:
 * the same walk, each generation's parents sought in every segment's base terms, reading only each member's key and
 * bases (what the next generation needs), and for the ranking the base-model facet count alone (no lookups of the
 * bases). The explorer views (ModelVerse ranking and treemap, an organisation, DataVerse, trained-on, the ModelVerse
 * page) beside one pass counting the public models per owner from doc values. p50 / p99 of 20 runs after 5
 * (-Dbench.familyRuns, -Dbench.familyWarmup).
 *
 * Each case is timed over HTTP (the /models page: 30 rows and five facet counts; the facet endpoint) and as the raw
 * Lucene pass on the node's committed index in this process (the floor). p50 and p99 of 100 requests after 20
 * warm-ups (-Dbench.runs, -Dbench.warmup), with the CPU time of this whole process per request (on a loaded machine the
 * honest figure); heap used after a full GC with the server's index open. Seeding and the start (the index rebuilt
 * from SQL) print their wall and CPU times.
 */
public class DiscoveryBench {
    static final String TOKEN = "hf_benchAdminToken0123456789";
    static final int MODELS = Integer.getInteger("bench.models", 1_800_000);
    static final int ORGS = 20_000;
    static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    static final int RUNS = Integer.getInteger("bench.runs", 100);
    static final String[] TASKS = {"text-generation", "text-classification", "token-classification", "fill-mask",
            "image-classification", "automatic-speech-recognition", "text-to-image", "sentence-similarity", "translation",
            "summarization", "feature-extraction", "reinforcement-learning"};
    static final double[] TASK_WEIGHTS = {30, 12, 6, 5, 8, 6, 9, 5, 4, 3, 7, 5};
    static final String[] LICENSES = {"apache-2.0", "mit", "other", "llama3", "cc-by-4.0", "cc-by-nc-4.0", "openrail", "gemma"};
    static final double[] LICENSE_WEIGHTS = {35, 20, 15, 8, 7, 5, 5, 3};
    static final String[] LANGUAGES = {"en", "zh", "fr", "de", "es", "ja", "ko", "ru", "ar", "hi"};
    static final double[] LANGUAGE_WEIGHTS = {60, 5, 3, 3, 3, 2, 1, 1, 1, 1};
    static final String[] DATASETS = {"wikipedia", "c4", "openwebtext", "squad", "imagenet-1k", "common_voice", "laion", "glue"};
    static final String[] RELATIONS = {"finetune", "quantized", "adapter", "merge"};
    static final double[] RELATION_WEIGHTS = {55, 20, 20, 5};

    record Case(String name, String query, String search, List<String> filters, String sortField) {}

    static final List<Case> CASES = List.of(
            new Case("all models, trending", "sort=trending", null, List.of(), "trending"),
            new Case("task facet, most downloads", "filter=text-classification&sort=downloads", null, List.of("text-classification"), "downloads"),
            new Case("licence + language, likes", "filter=license:mit&filter=fr&sort=likes", null, List.of("license:mit", "fr"), "likes"),
            new Case("full text + task", "search=" + URLEncoder.encode("summarization wikipedia", StandardCharsets.UTF_8) + "&sort=downloads",
                    "summarization wikipedia", List.of(), "downloads"),
            new Case("children of the largest base", "filter=base_model:org0/base-0&sort=downloads", null, List.of("base_model:org0/base-0"), "downloads"));

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> PARTS = List.of(System.getProperty("bench.parts", "search,families").split(","));
    static final int FAMILY_WARMUP = Integer.getInteger("bench.familyWarmup", 5);
    static final int FAMILY_RUNS = Integer.getInteger("bench.familyRuns", 20);
    /** The first base created is the most popular family (Zipf rank 0): the largest tree. */
    static final String LARGEST = "org0/base-0";

    public static void main(String[] args) throws Exception {
        Files.createDirectories(Path.of("bench/out"));
        Path work = Files.createTempDirectory(Path.of("bench/out"), "discovery-");
        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).federatedPort(-1)
                .bootstrapToken(TOKEN).maxFileBytes(16L << 30).build();
        if (Boolean.getBoolean("bench.snapshot")) {
            snapshotImport(work, config);
            return;
        }
        ChorusServer.start(config).close();
        long t0 = System.nanoTime();
        long cpu0 = processCpu();
        seed(work.resolve("data").resolve("chorus.db"));
        System.out.printf(Locale.ROOT, "seeded %,d models and %,d organisations in SQL in %.1f s (%.1f s of this process's CPU)%n", MODELS, ORGS,
                (System.nanoTime() - t0) / 1e9, (processCpu() - cpu0) / 1e9);
        t0 = System.nanoTime();
        cpu0 = processCpu();
        try (ChorusServer server = ChorusServer.start(config)) {
            System.out.printf(Locale.ROOT, "start with the search index rebuilt from SQL: %.1f s (%.1f s of this process's CPU)%n",
                    (System.nanoTime() - t0) / 1e9, (processCpu() - cpu0) / 1e9);
            System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf(Locale.ROOT, "heap used after GC with the index open: %,d MB (max %,d MB)%n", heap.getUsed() >> 20, heap.getMax() >> 20);
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "%d cores; p50 / p99 of %d requests after %d warm-ups%n%n", Runtime.getRuntime().availableProcessors(), RUNS, WARMUP);
            System.out.println("| query | /models page p50 / p99 | facets API p50 / p99 | raw Lucene p50 / p99 | page p50 / raw p50 | CPU per request: page / facets |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(work.resolve("data").resolve("discovery").resolve("index-0")))) {
                FacetsConfig facetsConfig = new FacetsConfig();
                for (String dim : List.of("task", "library", "license", "language", "organization")) {
                    facetsConfig.setMultiValued(dim, true);
                }
                SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, facetsConfig);
                IndexSearcher searcher = new IndexSearcher(reader);
                for (Case c : PARTS.contains("search") ? CASES : List.<Case>of()) {
                    double[] page = http(base + "/models?" + c.query());
                    double[] facets = http(base + "/api/chorus/models/facets?limit=10&" + c.query());
                    double[] raw = raw(searcher, state, c);
                    System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms | %.2f× | %.1f / %.1f ms |%n",
                            c.name(), page[0], page[1], facets[0], facets[1], raw[0], raw[1], page[0] / raw[0], page[2], facets[2]);
                }
                if (PARTS.contains("families")) {
                    families(base, searcher, reader);
                    Path index = work.resolve("data").resolve("discovery").resolve("index-0");
                    lineageUpkeep(base, work.resolve("data").resolve("chorus.db"), index);
                    licenceUpkeep(base, work.resolve("data").resolve("chorus.db"), index);
                }
            }
        }
        if (PARTS.contains("decay")) {
            decay(config, work.resolve("data").resolve("chorus.db"));
        }
    }

    static long today() {
        return Math.floorDiv(System.currentTimeMillis(), 86_400_000L);
    }

    /**
     * The daily trending decay at full size (hub.repos.Trending, discovery.DownloadCounts): every seeded count made a
     * day old in SQL and a node started (a node decays once a day, at its first counts batch). The seeded rows have no
     * per-day download rows, so the decay sets every model's 30-day downloads and trending score to 0: every document
     * is re-put, a page at a time, in the background. Timed: requests sorted by downloads every 200 ms until the top
     * model lists 0 downloads (every page taken) — their latency while the node works, and how long it worked.
     */
    static void decay(ChorusConfig config, Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate("UPDATE hub_repos SET trending_day = " + (today() - 1));
        }
        long t0 = System.nanoTime();
        long cpu0 = processCpu();
        try (ChorusServer server = ChorusServer.start(config)) {
            double started = (System.nanoTime() - t0) / 1e9;
            URI top = URI.create("http://127.0.0.1:" + server.port() + "/api/models?sort=downloads&limit=1");
            List<Double> ms = new ArrayList<>();
            long deadline = System.nanoTime() + 3_600_000_000_000L;
            String body;
            do {
                Thread.sleep(200);
                long r0 = System.nanoTime();
                HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(top).GET().build(), HttpResponse.BodyHandlers.ofString());
                ms.add((System.nanoTime() - r0) / 1e6);
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException(top + " answered " + resp.statusCode());
                }
                body = resp.body();
            } while (!body.matches("(?s).*\"downloads\":0[,}].*") && System.nanoTime() < deadline);
            double[] p = percentiles(ms.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "%ndaily decay of %,d models' counts: node started in %.1f s; the index held the decayed counts %.1f s after the"
                    + " start (%.1f s of this process's CPU); %d requests meanwhile (sorted by downloads, limit 1): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    MODELS, started, (System.nanoTime() - t0) / 1e9, (processCpu() - cpu0) / 1e9, ms.size(), p[0], p[1],
                    ms.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        }
    }

    /**
     * The same ecosystem as a hub-stats {@code models.parquet} (public models only, as a snapshot holds), loaded through
     * {@code POST /api/chorus/ecosystems/synthetic} (what {@code chorus snapshot import} sends) into a fresh server,
     * beside the floor: DuckDB reading every row of the same file through JDBC, as the import reads it.
     */
    static void snapshotImport(Path work, ChorusConfig config) throws Exception {
        Path lines = work.resolve("models.jsonl");
        Path parquet = work.resolve("models.parquet");
        long t0 = System.nanoTime();
        long[] rows = {0};
        try (var out = Files.newBufferedWriter(lines)) {
            generate(g -> {
                if (g.isPrivate()) {
                    return;
                }
                rows[0]++;
                out.write("{\"id\":\"" + g.fullName() + "\",\"author\":\"org" + g.owner() + "\",\"createdAt\":" + g.created()
                        + ",\"lastModified\":" + g.modified() + ",\"downloads\":" + g.downloads() + ",\"downloadsAllTime\":" + g.downloads()
                        + ",\"likes\":" + g.likes() + ",\"trendingScore\":" + g.trending() + ",\"pipeline_tag\":\"" + g.task()
                        + "\",\"library_name\":\"" + g.library() + "\",\"tags\":[\"" + String.join("\",\"", g.tags()) + "\"],\"cardData\":\""
                        + g.cardJson().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"baseModels\":"
                        + (g.baseRepo() == null ? "null" : "{\"relation\":\"" + g.relation() + "\",\"models\":[{\"id\":\"" + g.baseRepo() + "\"}]}")
                        + "}\n");
            });
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); var st = duck.createStatement()) {
            st.execute("COPY (SELECT id, author, to_timestamp(createdAt / 1000.0) AS createdAt, to_timestamp(lastModified / 1000.0) AS lastModified,"
                    + " downloads, downloadsAllTime, likes, trendingScore, pipeline_tag, library_name, tags, cardData, baseModels FROM read_json('"
                    + lines + "', format = 'newline_delimited', columns = {'id': 'VARCHAR', 'author': 'VARCHAR', 'createdAt': 'BIGINT',"
                    + " 'lastModified': 'BIGINT', 'downloads': 'BIGINT', 'downloadsAllTime': 'BIGINT', 'likes': 'BIGINT', 'trendingScore': 'BIGINT',"
                    + " 'pipeline_tag': 'VARCHAR', 'library_name': 'VARCHAR', 'tags': 'VARCHAR[]', 'cardData': 'VARCHAR',"
                    + " 'baseModels': 'STRUCT(relation VARCHAR, models STRUCT(id VARCHAR)[])'})) TO '" + parquet + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        Files.delete(lines);
        System.out.printf(Locale.ROOT, "generated %,d public models as %s (%,d MB) in %.1f s%n", rows[0], parquet.getFileName(),
                Files.size(parquet) >> 20, (System.nanoTime() - t0) / 1e9);

        t0 = System.nanoTime();
        long read = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); var st = duck.createStatement();
             var rs = st.executeQuery("SELECT id, author, epoch_ms(createdAt), epoch_ms(lastModified), downloads, downloadsAllTime, likes,"
                     + " trendingScore, pipeline_tag, library_name, CAST(to_json(tags) AS VARCHAR), cardData, CAST(to_json(baseModels) AS VARCHAR)"
                     + " FROM read_parquet('" + parquet + "')")) {
            while (rs.next()) {
                for (int c = 1; c <= 13; c++) {
                    rs.getString(c);
                }
                read++;
            }
        }
        double floor = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "floor: DuckDB reads the %,d rows of the file through JDBC in %.1f s%n", read, floor);

        try (ChorusServer server = ChorusServer.start(config)) {
            t0 = System.nanoTime();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/chorus/ecosystems/synthetic?type=model")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofFile(parquet)).build(), HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - t0) / 1e9;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the import answered " + r.statusCode() + ": " + r.body());
            }
            System.out.printf(Locale.ROOT, "snapshot import (upload, checks, rows into SQLite, this node's index built): %.1f s = %.1f× the DuckDB read; %s%n",
                    took, took / floor, r.body());
            System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf(Locale.ROOT, "heap used after GC with the hub's and the ecosystem's indexes open: %,d MB%n", heap.getUsed() >> 20);
        }
    }

    static void families(String base, IndexSearcher searcher, DirectoryReader reader) throws Exception {
        int[] size = new int[1];
        double[] walk = timed(() -> size[0] = rawWalk(searcher, LARGEST));
        double[] ranking = timed(() -> rawRanking(searcher, reader));
        long[] members = new long[1];
        double[] ancestors = timed(() -> members[0] = rawAncestors(searcher, LARGEST));
        System.out.printf(Locale.ROOT, "%nlargest family %s: %,d descendants (anonymous); its ancestor term: %,d members, counted and the top 10 by"
                + " downloads searched in %.1f / %.1f ms (p50 / p99), %.1f ms CPU%n%n", LARGEST, size[0], members[0], ancestors[0], ancestors[1], ancestors[2]);
        System.out.println("| view | API p50 / p99 | raw Lucene p50 / p99 | API p50 / raw p50 | CPU per run: API / raw |");
        System.out.println("|---|---:|---:|---:|---:|");
        double[] tree = http(base + "/api/chorus/explore/families/" + LARGEST, FAMILY_WARMUP, FAMILY_RUNS);
        row("largest family's tree", tree, walk);
        row("/explore/families ranking (first 20)", http(base + "/api/chorus/explore/families", FAMILY_WARMUP, FAMILY_RUNS), ranking);
        double[] drift = http(base + "/api/chorus/explore/drift/" + LARGEST, FAMILY_WARMUP, FAMILY_RUNS);
        row("lineage drift of the largest family", drift, walk);
        double[] page = http(base + "/explore/families/" + LARGEST, FAMILY_WARMUP, FAMILY_RUNS);
        row("family tree page (tree + drift)", page, walk);
        double[] owners = timed(() -> rawOwners(searcher));
        row("ModelVerse ranking (owners by models, 50)", http(base + "/api/chorus/explore/organizations?sort=models", FAMILY_WARMUP, FAMILY_RUNS), owners);
        row("ModelVerse treemap (30 organisations by task)", http(base + "/api/chorus/explore/treemap?size=models", FAMILY_WARMUP, FAMILY_RUNS), owners);
        row("an organisation's models by task (org0)", http(base + "/api/chorus/explore/organizations/org0", FAMILY_WARMUP, FAMILY_RUNS), owners);
        row("DataVerse columns", http(base + "/api/chorus/explore/datasets", FAMILY_WARMUP, FAMILY_RUNS), owners);
        row("datasets models were trained on", http(base + "/api/chorus/explore/trained-on", FAMILY_WARMUP, FAMILY_RUNS), owners);
        row("/explore/modelverse page", http(base + "/explore/modelverse", FAMILY_WARMUP, FAMILY_RUNS), owners);
        System.out.println();
        slowest("largest family's tree", tree);
        slowest("lineage drift", drift);
        slowest("family tree page", page);
    }

    /**
     * What keeping the indexed lineage current costs for the largest family (discovery.AncestryUpdate): its base made
     * private, then public again, straight in SQL with a change-log entry each, and the first request after each
     * timed (a read catches the node up first: the changed document, not the re-put of the family's, which follows in
     * slices), then the reads while that re-put runs ({@link #duringReput}).
     */
    static void lineageUpkeep(String base, Path db, Path index) throws Exception {
        for (int flag : new int[] {1, 0}) {
            long generation = commitGeneration(index);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
                st.executeUpdate("UPDATE hub_repos SET private = " + flag + " WHERE full_name = '" + LARGEST + "'");
                st.executeUpdate("INSERT INTO hub_changes (repo_id, changed_at) SELECT id, " + System.currentTimeMillis()
                        + " FROM hub_repos WHERE full_name = '" + LARGEST + "'");
            }
            long t0 = System.nanoTime();
            long cpu0 = processCpu();
            // the change is another node's (not this node's own write): made private it is applied before the next
            // read; made public, within the follower's next batch (discovery.SearchFreshness), so reads are repeated
            int expected = flag == 1 ? 404 : 200;
            int requests = 0;
            int status;
            do {
                status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/chorus/explore/families/" + LARGEST)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                requests++;
            } while (status != expected && System.nanoTime() - t0 < 120e9 && pause(20));
            System.out.printf(Locale.ROOT, "largest family's base made %s: a tree request answered %d after %.3f s (request %d; %.1f s of CPU)%n",
                    flag == 1 ? "private" : "public again", status, (System.nanoTime() - t0) / 1e9, requests, (processCpu() - cpu0) / 1e9);
            duringReput(base, index, generation, t0, cpu0);
        }
    }

    /** Sleeps {@code ms}; true (to continue a polling loop). */
    static boolean pause(long ms) throws InterruptedException {
        Thread.sleep(ms);
        return true;
    }

    /** The reads timed while a change's derived re-put runs: a search over the family, the ranking, its tree and drift. */
    static final List<String> READS = List.of("/api/models?filter=base_model:" + LARGEST + "&sort=downloads&limit=20",
            "/api/chorus/explore/families", "/api/chorus/explore/families/" + LARGEST, "/api/chorus/explore/drift/" + LARGEST);

    /**
     * Reads in turn ({@link #READS}) until the node commits its index again (it commits only when no re-put is pending,
     * within 5 s after the last slice) or 15 minutes pass; prints how long the re-put took from the change and each
     * read's p50 / p99 / slowest meanwhile.
     */
    static void duringReput(String base, Path index, long generation, long t0, long cpu0) throws Exception {
        List<List<Double>> ms = new ArrayList<>();
        READS.forEach(r -> ms.add(new ArrayList<>()));
        int statuses = 0;
        while (commitGeneration(index) == generation && System.nanoTime() - t0 < 900e9) {
            for (int i = 0; i < READS.size(); i++) {
                long r0 = System.nanoTime();
                HttpResponse<byte[]> resp = HTTP.send(HttpRequest.newBuilder(URI.create(base + READS.get(i))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                ms.get(i).add((System.nanoTime() - r0) / 1e6);
                statuses |= resp.statusCode() == 200 ? 1 : resp.statusCode() == 404 ? 2 : 4;
            }
        }
        System.out.printf(Locale.ROOT, "  re-put settled (index committed) %.1f s after the change (%.1f s of CPU); reads meanwhile (statuses %s):%n",
                (System.nanoTime() - t0) / 1e9, (processCpu() - cpu0) / 1e9, statuses == 1 ? "200" : statuses == 3 ? "200/404" : statuses == 2 ? "404" : "OTHER");
        for (int i = 0; i < READS.size(); i++) {
            double[] all = ms.get(i).stream().mapToDouble(Double::doubleValue).toArray();
            if (all.length == 0) {
                continue;
            }
            double[] p = percentiles(all);
            System.out.printf(Locale.ROOT, "    %s: %d reads, p50 %.1f ms, p99 %.1f ms, slowest %.1f ms%n", READS.get(i), all.length, p[0], p[1],
                    java.util.Arrays.stream(all).max().orElse(0));
        }
    }

    /** The generation of the index's last commit (segments_N, N in base 36). */
    static long commitGeneration(Path index) throws java.io.IOException {
        try (var files = Files.list(index)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("segments_"))
                    .mapToLong(n -> Long.parseLong(n.substring("segments_".length()), Character.MAX_RADIX)).max().orElse(0);
        }
    }

    /**
     * What keeping lineage drift current costs when the largest family's base changes its licence (its tags, straight in
     * SQL with a change-log entry): the models naming it as a base are re-put with their edges from it
     * (discovery.AncestryUpdate), and the first drift request after it waits for that; its licence figures before and after.
     */
    static void licenceUpkeep(String base, Path db, Path index) throws Exception {
        URI drift = URI.create(base + "/api/chorus/explore/drift/" + LARGEST);
        String before = licences(HTTP.send(HttpRequest.newBuilder(drift).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        long generation = commitGeneration(index);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            String tags;
            try (var q = c.prepareStatement("SELECT tags FROM hub_repos WHERE full_name = ?")) {
                q.setString(1, LARGEST);
                var rs = q.executeQuery();
                rs.next();
                tags = rs.getString(1);
            }
            try (var u = c.prepareStatement("UPDATE hub_repos SET tags = ? WHERE full_name = ?"); var st = c.createStatement()) {
                u.setString(1, tags.replaceAll("\tlicense:[^\t]*\t", "\tlicense:gpl-3.0\t"));
                u.setString(2, LARGEST);
                u.executeUpdate();
                st.executeUpdate("INSERT INTO hub_changes (repo_id, changed_at) SELECT id, " + System.currentTimeMillis()
                        + " FROM hub_repos WHERE full_name = '" + LARGEST + "'");
            }
        }
        long t0 = System.nanoTime();
        long cpu0 = processCpu();
        HttpResponse<String> resp = HTTP.send(HttpRequest.newBuilder(drift).GET().build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf(Locale.ROOT, "largest family's base relicensed (gpl-3.0): the next drift request answered %d after %.3f s (%.1f s of CPU);"
                + " licences %s just after%n", resp.statusCode(), (System.nanoTime() - t0) / 1e9, (processCpu() - cpu0) / 1e9, licences(resp.body()));
        duringReput(base, index, generation, t0, cpu0);
        String after = licences(HTTP.send(HttpRequest.newBuilder(drift).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        System.out.printf(Locale.ROOT, "  licences %s before, %s once re-put%n", before, after);
    }

    private static String licences(String driftJson) {
        int at = driftJson.indexOf("\"licences\"");
        return at < 0 ? "?" : driftJson.substring(at, driftJson.indexOf('}', at) + 1);
    }

    static void row(String name, double[] api, double[] raw) {
        System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f ms | %.1f / %.1f ms | %.2f× | %.1f / %.1f ms |%n", name, api[0], api[1], raw[0], raw[1],
                api[0] / raw[0], api[2], raw[2]);
    }

    interface Timed {
        void run() throws Exception;
    }

    static double[] timed(Timed work) throws Exception {
        double[] ms = new double[FAMILY_RUNS];
        long cpu0 = 0;
        for (int i = 0; i < FAMILY_WARMUP + FAMILY_RUNS; i++) {
            cpu0 = i == FAMILY_WARMUP ? processCpu() : cpu0;
            long t0 = System.nanoTime();
            work.run();
            if (i >= FAMILY_WARMUP) {
                ms[i - FAMILY_WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return withCpu(percentiles(ms), (processCpu() - cpu0) / 1e6 / FAMILY_RUNS);
    }

    /**
     * The indexed lineage's floor (discovery.Ancestry): the live public models holding the family's {@code ancestor} term
     * counted, and the first 10 of them by downloads searched (what the tree's size and a top list cost at least).
     */
    static long rawAncestors(IndexSearcher searcher, String root) throws Exception {
        Query members = new BooleanQuery.Builder().add(new TermQuery(new Term("ancestor", root)), Occur.FILTER)
                .add(new TermQuery(new Term("private", "0")), Occur.FILTER).build();
        searcher.search(members, 10, new org.apache.lucene.search.Sort(new org.apache.lucene.search.SortField("downloads",
                org.apache.lucene.search.SortField.Type.LONG, true)));
        return searcher.count(members);
    }

    /**
     * The tree's irreducible index work: per generation, each parent's key sought in every segment's {@code base} terms,
     * its children's postings checked against the public-models scope in document order, each child's key and bases
     * read. Returns the size.
     */
    static int rawWalk(IndexSearcher searcher, String root) throws Exception {
        java.util.Set<String> seen = new java.util.HashSet<>(List.of(root));
        List<String> frontier = List.of(root);
        Query scope = new BooleanQuery.Builder().add(new TermQuery(new Term("kind", "model")), Occur.FILTER)
                .add(new TermQuery(new Term("private", "0")), Occur.FILTER).build();
        Weight w = searcher.createWeight(searcher.rewrite(scope), ScoreMode.COMPLETE_NO_SCORES, 1f);
        int size = 0;
        for (int g = 1; g <= 20 && !frontier.isEmpty(); g++) {
            List<String> next = new ArrayList<>();
            for (LeafReaderContext leaf : reader(searcher).leaves()) {
                org.apache.lucene.index.Terms terms = leaf.reader().terms("base");
                Scorer scorer = w.scorer(leaf);
                if (terms == null || scorer == null) {
                    continue;
                }
                org.apache.lucene.index.TermsEnum te = terms.iterator();
                org.apache.lucene.util.FixedBitSet children = new org.apache.lucene.util.FixedBitSet(leaf.reader().maxDoc());
                org.apache.lucene.index.PostingsEnum postings = null;
                for (String parent : frontier) {
                    if (te.seekExact(new BytesRef(parent))) {
                        postings = te.postings(postings, org.apache.lucene.index.PostingsEnum.NONE);
                        for (int d = postings.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = postings.nextDoc()) {
                            children.set(d);
                        }
                    }
                }
                Bits live = leaf.reader().getLiveDocs();
                SortedDocValues key = DocValues.getSorted(leaf.reader(), "name_sort");
                SortedSetDocValues lineage = DocValues.getSortedSet(leaf.reader(), "lineage");
                DocIdSetIterator it = scorer.iterator();
                for (int doc = children.nextSetBit(0); doc != DocIdSetIterator.NO_MORE_DOCS;
                     doc = doc + 1 < children.length() ? children.nextSetBit(doc + 1) : DocIdSetIterator.NO_MORE_DOCS) {
                    if ((live != null && !live.get(doc)) || (it.docID() < doc ? it.advance(doc) : it.docID()) != doc) {
                        continue;
                    }
                    key.advanceExact(doc);
                    String k = key.lookupOrd(key.ordValue()).utf8ToString();
                    if (lineage.advanceExact(doc)) {
                        for (int i = 0; i < lineage.docValueCount(); i++) {
                            lineage.lookupOrd(lineage.nextOrd());
                        }
                    }
                    if (seen.add(k)) {
                        next.add(k);
                        size++;
                    }
                }
            }
            frontier = next;
        }
        return size;
    }

    /** The explorers' irreducible index work: the public models counted per owner, one pass over their doc values. */
    static int rawOwners(IndexSearcher searcher) throws Exception {
        Query q = new BooleanQuery.Builder().add(new TermQuery(new Term("kind", "model")), Occur.FILTER)
                .add(new TermQuery(new Term("private", "0")), Occur.FILTER).build();
        Weight w = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
        java.util.Map<String, Long> owners = new java.util.HashMap<>();
        for (LeafReaderContext leaf : reader(searcher).leaves()) {
            Scorer scorer = w.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            SortedDocValues owner = DocValues.getSorted(leaf.reader(), "owner_name");
            long[] counts = new long[owner.getValueCount()];
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live == null || live.get(doc)) && owner.advanceExact(doc)) {
                    counts[owner.ordValue()]++;
                }
            }
            for (int o = 0; o < counts.length; o++) {
                if (counts[o] > 0) {
                    owners.merge(owner.lookupOrd(o).utf8ToString(), counts[o], Long::sum);
                }
            }
        }
        return owners.size();
    }

    static org.apache.lucene.index.IndexReader reader(IndexSearcher searcher) {
        return searcher.getIndexReader();
    }

    /** The ranking's index work: the derived public models counted by base, the labels sorted by count. */
    static void rawRanking(IndexSearcher searcher, DirectoryReader reader) throws Exception {
        FacetsConfig config = new FacetsConfig();
        for (String dim : List.of("base_model", "base_relation")) {
            config.setMultiValued(dim, true);
            config.setIndexFieldName(dim, "$lineage");
        }
        SortedSetDocValuesReaderState state = RANKING_STATE.computeIfAbsent(reader, r -> {
            try {
                return new DefaultSortedSetDocValuesReaderState(r, "$lineage", config);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Query q = new BooleanQuery.Builder().add(new TermQuery(new Term("kind", "model")), Occur.FILTER)
                .add(new TermQuery(new Term("private", "0")), Occur.FILTER).add(new FieldExistsQuery("lineage"), Occur.FILTER).build();
        FacetsCollector fc = searcher.search(q, new FacetsCollectorManager());
        var all = new SortedSetDocValuesFacetCounts(state, fc).getAllChildren("base_model");
        Arrays.sort(all.labelValues.clone(), (a, b) -> Long.compare(b.value.longValue(), a.value.longValue()));
    }

    static final java.util.Map<DirectoryReader, SortedSetDocValuesReaderState> RANKING_STATE = new java.util.HashMap<>();

    static int pick(SplittableRandom r, double[] weights) {
        double total = Arrays.stream(weights).sum();
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Zipf(s) over 0..n-1 by inverse transform on the continuous approximation (rank 0 the most frequent). */
    static int zipf(SplittableRandom r, int n, double s) {
        double u = r.nextDouble();
        double x = Math.pow((Math.pow(n, 1 - s) - 1) * u + 1, 1 / (1 - s));
        return Math.min(n - 1, Math.max(0, (int) x - 1));
    }

    /** One generated model: the row the benchmark seeds into {@code hub_repos}, or writes to a snapshot file. */
    record Generated(int index, int owner, String name, boolean isPrivate, long created, long modified, long downloads, long likes,
                     String task, String library, List<String> tags, String cardJson, long trending, String cardText,
                     String relation, String baseRepo) {
        String fullName() {
            return "org" + owner + "/" + name;
        }
    }

    interface Sink {
        void accept(Generated g) throws Exception;
    }

    /** The synthetic ecosystem (see the class comment), model by model in creation order; fixed seed. */
    static void generate(Sink sink) throws Exception {
        SplittableRandom r = new SplittableRandom(17);
        long now = System.currentTimeMillis();
        int bases = Math.max(1, MODELS / 50);
        String[] baseName = new String[bases];
        int[] baseTask = new int[bases];
        int[] baseLicense = new int[bases];
        List<List<Integer>> members = new ArrayList<>();
        String[] names = new String[MODELS];
        int[] licenseOf = new int[MODELS];
        long span = 5L * 365 * 86_400_000L;
        int madeBases = 0;
        for (int i = 0; i < MODELS; i++) {
            boolean isBase = madeBases < bases && (i % 50 == 0);
            int owner = isBase && madeBases == 0 ? 0 : zipf(r, ORGS, 1.1);
            String name = isBase ? "base-" + madeBases : "model-" + i;
            String full = "org" + owner + "/" + name;
            names[i] = full;
            int task;
            int license;
            String library;
            String baseTag = null;
            String relation = null;
            if (isBase) {
                task = pick(r, TASK_WEIGHTS);
                license = pick(r, LICENSE_WEIGHTS);
                library = "transformers";
                baseName[madeBases] = full;
                baseTask[madeBases] = task;
                baseLicense[madeBases] = license;
                members.add(new ArrayList<>());
                madeBases++;
            } else {
                int family = zipf(r, madeBases, 1.2);
                List<Integer> fam = members.get(family);
                int parent = fam.isEmpty() || r.nextDouble() < 0.7 ? -1 : fam.get(r.nextInt(fam.size()));
                baseTag = parent < 0 ? baseName[family] : names[parent];
                task = baseTask[family];
                int parentLicense = parent < 0 ? baseLicense[family] : licenseOf[parent];
                license = r.nextDouble() < 0.7 ? parentLicense : pick(r, LICENSE_WEIGHTS);
                relation = RELATIONS[pick(r, RELATION_WEIGHTS)];
                library = switch (relation) {
                    case "quantized" -> "gguf";
                    case "adapter" -> "peft";
                    default -> "transformers";
                };
                fam.add(i);
            }
            licenseOf[i] = license;
            String language = r.nextDouble() < 0.25 ? null : LANGUAGES[pick(r, LANGUAGE_WEIGHTS)];
            String dataset = DATASETS[r.nextInt(DATASETS.length)];
            long created = now - span + (long) (span * Math.sqrt((i + 1.0) / MODELS));
            long downloads = (long) Math.min(50_000_000, 10 * Math.pow(1 / (1 - r.nextDouble()), 1.5));
            List<String> tags = new ArrayList<>(List.of(TASKS[task], library, "license:" + LICENSES[license], "dataset:" + dataset));
            StringBuilder card = new StringBuilder("{\"license\":\"").append(LICENSES[license]).append("\",\"pipeline_tag\":\"")
                    .append(TASKS[task]).append('"');
            if (language != null) {
                tags.add(language);
                card.append(",\"language\":[\"").append(language).append("\"]");
            }
            if (baseTag != null) {
                tags.add("base_model:" + baseTag);
                tags.add("base_model:" + relation + ":" + baseTag);
                card.append(",\"base_model\":\"").append(baseTag).append('"');
            }
            card.append('}');
            boolean isPrivate = r.nextDouble() < 0.05 && i > 0; // the largest family's base stays public: the families bench walks it
            long modified = created + r.nextLong(30L * 86_400_000L);
            long likes = downloads / 500 + r.nextInt(3);
            long trending = r.nextDouble() < 0.1 ? downloads / 20 : 0;
            sink.accept(new Generated(i, owner, name, isPrivate, created, modified, downloads, likes, TASKS[task], library, tags,
                    card.toString(), trending, "A " + TASKS[task].replace('-', ' ') + " model" + (baseTag == null ? "" : ", " + relation + " of " + baseTag)
                    + ", trained on " + dataset + ".", relation, baseTag));
        }
    }

    /**
     * Loads the ecosystem straight into the tables as a bulk load: the secondary indexes of {@code hub_repos} dropped
     * first and built again once after the rows (one sort each instead of 1.8M random B-tree inserts each), no fsync
     * until the end, batches of 10,000 rows in one transaction.
     */
    static void seed(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            List<String[]> indexes = new ArrayList<>();
            try (var st = c.createStatement()) {
                st.execute("PRAGMA synchronous = OFF");
                st.execute("PRAGMA cache_size = -262144");
                try (var rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hub_repos' AND sql IS NOT NULL")) {
                    while (rs.next()) {
                        indexes.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                for (String[] index : indexes) {
                    st.execute("DROP INDEX " + index[0]);
                }
            }
            c.setAutoCommit(false);
            long now = System.currentTimeMillis();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts (id, name, name_key, kind, fullname, created_at) VALUES (?,?,?,'org',?,?)")) {
                for (int o = 0; o < ORGS; o++) {
                    p.setString(1, String.format(Locale.ROOT, "org%021d", o));
                    p.setString(2, "org" + o);
                    p.setString(3, "org" + o);
                    p.setString(4, "Organisation " + o);
                    p.setLong(5, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private,"
                    + " created_at, last_modified, downloads, likes, pipeline_tag, library_name, tags, card_data, trending_score, card_text, downloads_30d, trending_day)"
                    + " VALUES (?,'model',?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                generate(g -> {
                    p.setString(1, String.format(Locale.ROOT, "m%023d", g.index()));
                    p.setString(2, String.format(Locale.ROOT, "org%021d", g.owner()));
                    p.setString(3, g.name());
                    p.setString(4, g.fullName());
                    p.setString(5, "model:" + g.fullName().toLowerCase(Locale.ROOT));
                    p.setBoolean(6, g.isPrivate());
                    p.setLong(7, g.created());
                    p.setLong(8, g.modified());
                    p.setLong(9, g.downloads());
                    p.setLong(10, g.likes());
                    p.setString(11, g.task());
                    p.setString(12, g.library());
                    p.setString(13, "\t" + String.join("\t", g.tags()) + "\t");
                    p.setString(14, g.cardJson());
                    p.setLong(15, g.trending());
                    p.setString(16, g.cardText());
                    p.setLong(17, g.downloads());
                    p.setLong(18, today()); // the seeded counts stand as computed today: no decay at the start (the decay part times one)
                    p.addBatch();
                    if (g.index() % 10_000 == 9_999) {
                        p.executeBatch();
                    }
                });
                p.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            long t0 = System.nanoTime();
            try (var st = c.createStatement()) {
                for (String[] index : indexes) {
                    st.execute(index[1]);
                }
            }
            System.out.printf(Locale.ROOT, "the %d secondary indexes of hub_repos built again after the rows in %.1f s%n", indexes.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    static double[] http(String url) throws Exception {
        return http(url, WARMUP, RUNS);
    }

    /**
     * p50, p99, CPU per run, then the slowest run's wall time and what the process spent during it: CPU, GC (collectors'
     * accumulated time) and JIT compilation (ms).
     */
    static double[] http(String url, int warmup, int runs) throws Exception {
        double[] ms = new double[runs];
        double[] slowest = new double[4];
        long cpu0 = 0;
        for (int i = 0; i < warmup + runs; i++) {
            cpu0 = i == warmup ? processCpu() : cpu0;
            long c0 = processCpu();
            long gc0 = gcMillis();
            long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> resp = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (resp.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + resp.statusCode());
            }
            if (i >= warmup) {
                ms[i - warmup] = t / 1e6;
                if (t / 1e6 > slowest[0]) {
                    slowest = new double[] {t / 1e6, (processCpu() - c0) / 1e6, gcMillis() - gc0,
                            ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0};
                }
            }
        }
        double[] p = percentiles(ms);
        return new double[] {p[0], p[1], (processCpu() - cpu0) / 1e6 / runs, slowest[0], slowest[1], slowest[2], slowest[3]};
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static void slowest(String name, double[] api) {
        System.out.printf(Locale.ROOT, "%s, slowest request: %.1f ms wall; during it %.1f ms of process CPU, %.0f ms of GC, %.0f ms of JIT compilation%n",
                name, api[3], api[4], api[5], api[6]);
    }

    /**
     * CPU time of this whole process (the in-process server, the bench, the JIT and GC), in ns: on a loaded machine the
     * wall-clock times are mostly waiting for a core, the CPU time per run is what the work itself costs.
     */
    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** p50, p99 and the mean CPU milliseconds per run. */
    static double[] withCpu(double[] percentiles, double cpuMs) {
        return new double[] {percentiles[0], percentiles[1], cpuMs};
    }

    /** The page's work on the index alone, in one pass: 31 rows in the case's order (stored rows read) and five facets. */
    static double[] raw(IndexSearcher searcher, SortedSetDocValuesReaderState state, Case c) throws Exception {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("kind", "model")), Occur.FILTER).add(new TermQuery(new Term("private", "0")), Occur.FILTER);
        c.filters().forEach(f -> b.add(new TermQuery(new Term("tag", f)), Occur.FILTER));
        if (c.search() != null) {
            for (String w : c.search().split(" ")) {
                b.add(new TermQuery(new Term("text", w)), Occur.FILTER);
            }
        }
        Query q = b.build();
        Sort sort = new Sort(new SortField(c.sortField(), SortField.Type.LONG, true), new SortField("repo_id", SortField.Type.STRING, true));
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            Object[] both = searcher.search(q, new MultiCollectorManager(new TopFieldCollectorManager(sort, 31, null, Integer.MAX_VALUE),
                    new FacetsCollectorManager()));
            for (var d : ((TopFieldDocs) both[0]).scoreDocs) {
                searcher.storedFields().document(d.doc).get("row");
            }
            var counts = new SortedSetDocValuesFacetCounts(state, (FacetsCollector) both[1]);
            for (String dim : List.of("task", "library", "license", "language", "organization")) {
                try {
                    counts.getAllChildren(dim);
                } catch (IllegalArgumentException noValues) {
                    // a dimension no matching document has
                }
            }
            if (i >= WARMUP) {
                ms[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return percentiles(ms);
    }

    static double[] percentiles(double[] ms) {
        Arrays.sort(ms);
        return new double[] {ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.99) - 1]};
    }
}
