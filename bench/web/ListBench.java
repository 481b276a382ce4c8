import java.util.ArrayList;
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

    /** A list query: the page's URL and the same query on the API. */
    record Case(String name, String query, String search, List<String> filters, String sortField) {}

    static final List<Case> CASES = List.of(
            new Case("models, trending (default)", "sort=trending", null, List.of(), "trending"),
            new Case("models, most downloads", "sort=downloads", null, List.of(), "downloads"),
            new Case("search + licence facet", "search=seed-1&filter=license:mit&sort=downloads", "seed-1", List.of("license:mit"), "downloads"),
            new Case("task + language facets", "filter=text-classification&filter=fr&sort=likes", null, List.of("text-classification", "fr"), "likes"));


    public static void main(String[] args) throws Exception {
        ChorusConfig config = BenchSupport.config("web-lists-");
        // the first start creates the schema; the second finds the rows seeded then missing from its search index and rebuilds it
        ChorusServer.start(config).close();
        BenchSupport.seedRepositories(BenchSupport.database(config));
        long t0 = System.nanoTime();
        try (ChorusServer server = ChorusServer.start(config)) {
            System.out.printf(Locale.ROOT, "start with the search index rebuilt from SQL: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "machine: %d cores; median of %d requests after %d warm-ups%n%n", Runtime.getRuntime().availableProcessors(), BenchSupport.RUNS, BenchSupport.WARMUP);
            System.out.println("| query | /models page | /api/models | page / API | /api/chorus/models/facets | raw Lucene: list + facets | page / raw |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(config.dataDir().resolve("discovery").resolve("index-0")))) {
                FacetsConfig facetsConfig = new FacetsConfig();
                for (String dim : List.of("task", "library", "license", "language", "organization")) {
                    facetsConfig.setMultiValued(dim, true);
                }
                SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, facetsConfig);
                IndexSearcher searcher = new IndexSearcher(reader);
                for (Case c : CASES) {
                    if (!BenchSupport.selected(c.name())) {
                        continue;
                    }
                    double page = BenchSupport.median(base + "/models?" + c.query());
                    double api = BenchSupport.median(base + "/api/models?limit=30&" + c.query());
                    double facets = BenchSupport.median(base + "/api/chorus/models/facets?limit=10&" + c.query());
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
        double[] ms = new double[BenchSupport.RUNS];
        for (int i = 0; i < BenchSupport.WARMUP + BenchSupport.RUNS; i++) {
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
            if (i >= BenchSupport.WARMUP) {
                ms[i - BenchSupport.WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return BenchSupport.median(ms);
    }

}
