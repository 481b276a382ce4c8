import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
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
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.FSDirectory;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * The model list with its facets beside {@code /api/models} for the same query, over 100,000 repositories seeded in
 * SQL (SQLite) with tasks, libraries, licences and languages: the page runs the listing and the five facet counts, the
 * API the listing alone (its facet counts are {@code /api/chorus/models/facets}, shown as a third column). Median of
 * 30 anonymous requests after 5 warm-ups. Kept apart from WebBench (the repository pages) because its rows need facets.
 * The floor, in the same run: the same search, sort and five facet counts straight on the node's Lucene index (its
 * last commit, opened read-only in this process; the query written out here as discovery.Queries builds it), no HTTP.
 */
public class ListBench {
    static final String TOKEN = "hf_benchAdminToken0123456789";
    static final int REPOS = Integer.getInteger("bench.repos", 100_000);
    static final int WARMUP = Integer.getInteger("bench.warmup", 5);
    static final int RUNS = 30;

    /** A list query: the page's URL and the same query on the API. */
    record Case(String name, String query, String search, List<String> filters, String sortField) {}

    static final List<Case> CASES = List.of(
            new Case("models, trending (default)", "sort=trending", null, List.of(), "trending"),
            new Case("models, most downloads", "sort=downloads", null, List.of(), "downloads"),
            new Case("search + licence facet", "search=seed-1&filter=license:mit&sort=downloads", "seed-1", List.of("license:mit"), "downloads"),
            new Case("task + language facets", "filter=text-classification&filter=fr&sort=likes", null, List.of("text-classification", "fr"), "likes"));

    static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Files.createDirectories(Path.of("bench/out"));
        Path work = Files.createTempDirectory(Path.of("bench/out"), "web-lists-");
        ChorusConfig config = ChorusConfig.builder().host("127.0.0.1").port(0).dataDir(work.resolve("data")).federatedPort(-1)
                .bootstrapToken(TOKEN).build();
        // the first start creates the schema; the second finds the rows seeded then missing from its search index and rebuilds it
        ChorusServer.start(config).close();
        long t0 = System.nanoTime();
        seed(work.resolve("data").resolve("chorus.db"));
        System.out.printf(Locale.ROOT, "seeded %,d repositories in SQL in %.1f s%n", REPOS, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        try (ChorusServer server = ChorusServer.start(config)) {
            System.out.printf(Locale.ROOT, "start with the search index rebuilt from SQL: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "machine: %d cores; median of %d requests after %d warm-ups%n%n", Runtime.getRuntime().availableProcessors(), RUNS, WARMUP);
            System.out.println("| query | /models page | /api/models | page / API | /api/chorus/models/facets | raw Lucene: list + facets | page / raw |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(work.resolve("data").resolve("discovery").resolve("index-0")))) {
                FacetsConfig facetsConfig = new FacetsConfig();
                for (String dim : List.of("task", "library", "license", "language", "organization")) {
                    facetsConfig.setMultiValued(dim, true);
                }
                SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, facetsConfig);
                IndexSearcher searcher = new IndexSearcher(reader);
                for (Case c : CASES) {
                    double page = median(base + "/models?" + c.query());
                    double api = median(base + "/api/models?limit=30&" + c.query());
                    double facets = median(base + "/api/chorus/models/facets?limit=10&" + c.query());
                    double raw = rawMedian(searcher, state, c);
                    System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %.1f ms | %.1f ms | %.2f× |%n",
                            c.name(), page, api, page / api, facets, raw, page / raw);
                }
            }
        }
    }

    /** The page's work on the index alone, in one pass: the first 31 rows in the case's order (stored rows read) and the five facets' counts. */
    static double rawMedian(IndexSearcher searcher, SortedSetDocValuesReaderState state, Case c) throws Exception {
        BooleanQuery.Builder b = new BooleanQuery.Builder()
                .add(new TermQuery(new Term("kind", "model")), Occur.FILTER).add(new TermQuery(new Term("private", "0")), Occur.FILTER);
        c.filters().forEach(f -> b.add(new TermQuery(new Term("tag", f)), Occur.FILTER));
        if (c.search() != null) {
            BooleanQuery.Builder words = new BooleanQuery.Builder();
            for (String w : c.search().split("-")) {
                words.add(new TermQuery(new Term("text", w)), Occur.MUST);
            }
            b.add(new BooleanQuery.Builder().add(new WildcardQuery(new Term("name_lower", "*" + c.search() + "*")), Occur.SHOULD)
                    .add(words.build(), Occur.SHOULD).setMinimumNumberShouldMatch(1).build(), Occur.FILTER);
        }
        Query q = b.build();
        Sort sort = new Sort(new SortField(c.sortField(), SortField.Type.LONG, true), new SortField("repo_id", SortField.Type.STRING, true));
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            Object[] both = searcher.search(q, new MultiCollectorManager(new TopFieldCollectorManager(sort, 31, null, Integer.MAX_VALUE),
                    new FacetsCollectorManager()));
            List<String> rows = new ArrayList<>();
            for (var d : ((TopFieldDocs) both[0]).scoreDocs) {
                rows.add(searcher.storedFields().document(d.doc).get("row"));
            }
            FacetsCollector fc = (FacetsCollector) both[1];
            var counts = new SortedSetDocValuesFacetCounts(state, fc);
            for (String dim : List.of("task", "library", "license", "language", "organization")) {
                try {
                    counts.getAllChildren(dim);
                } catch (IllegalArgumentException noValues) {
                    // a dimension no document has (the seeded rows have no organisation)
                }
            }
            if (i >= WARMUP) {
                ms[i - WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    /** Rows as the service writes them: tags hold task, library, licence and language; the card holds the language. */
    static void seed(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.setAutoCommit(false);
            String owner;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM accounts WHERE name = 'admin'")) {
                r.next();
                owner = r.getString(1);
            }
            long now = System.currentTimeMillis();
            String[] tasks = {"text-classification", "text-generation", "image-classification", "translation"};
            String[] licenses = {"mit", "apache-2.0", "cc-by-4.0", "other"};
            String[] languages = {"en", "fr", "de", "ja", "sw"};
            try (PreparedStatement p = c.prepareStatement("INSERT INTO hub_repos (id, kind, owner_id, name, full_name, name_key, private,"
                    + " created_at, last_modified, downloads, likes, pipeline_tag, library_name, tags, card_data, trending_score)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < REPOS; i++) {
                    String kind = i % 5 == 4 ? "dataset" : "model";
                    String name = "seed-" + i;
                    String task = tasks[i % tasks.length];
                    String license = licenses[i % licenses.length];
                    String language = languages[i % languages.length];
                    p.setString(1, String.format(Locale.ROOT, "bench%019d", i));
                    p.setString(2, kind);
                    p.setString(3, owner);
                    p.setString(4, name);
                    p.setString(5, "admin/" + name);
                    p.setString(6, kind + ":admin/" + name);
                    p.setBoolean(7, i % 10 == 9);
                    p.setLong(8, now - i * 60_000L);
                    p.setLong(9, now - i * 30_000L);
                    p.setLong(10, (i * 7919L) % 100_000);
                    p.setLong(11, (i * 31L) % 500);
                    p.setString(12, task);
                    p.setString(13, "transformers");
                    p.setString(14, "\t" + task + "\ttransformers\tlicense:" + license + "\t" + language + "\t");
                    p.setString(15, "{\"license\":\"" + license + "\",\"language\":[\"" + language + "\"]}");
                    p.setLong(16, (i * 13L) % 1000);
                    p.addBatch();
                    if (i % 5000 == 4999) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    static double median(String url) throws Exception {
        double[] ms = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode());
            }
            if (i >= WARMUP) {
                ms[i - WARMUP] = t / 1e6;
            }
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }
}
