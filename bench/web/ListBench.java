import java.util.List;
import java.util.Locale;
import org.chorus.core.config.ChorusConfig;
import org.chorus.server.ChorusServer;

/**
 * The model list with its facets beside {@code /api/models} for the same query, over 100,000 repositories seeded in
 * SQL (SQLite, {@link BenchSupport#seedRepositories}) with tasks, libraries, licences and languages: the page runs the
 * listing and the five facet counts, the API the listing alone (its facet counts are {@code /api/chorus/models/facets},
 * shown as a third column). Median of 30 anonymous requests after 5 warm-ups. Kept apart from WebBench (the repository
 * pages) because its rows need facets.
 */
public class ListBench {
    /** A list query: the page's URL and the same query on the API. */
    record Case(String name, String query) {}

    static final List<Case> CASES = List.of(
            new Case("models, trending (default)", "sort=trending"),
            new Case("models, most downloads", "sort=downloads"),
            new Case("search + licence facet", "search=seed-1&filter=license:mit&sort=downloads"),
            new Case("task + language facets, page 3", "filter=text-classification&filter=language:fr&sort=likes"));

    public static void main(String[] args) throws Exception {
        ChorusConfig config = BenchSupport.config("web-lists-");
        // the first start creates the schema; the rows seeded then are indexed for facets by the second start (RepoFacets.create)
        ChorusServer.start(config).close();
        BenchSupport.seedRepositories(BenchSupport.database(config));
        long t0 = System.nanoTime();
        try (ChorusServer server = ChorusServer.start(config)) {
            System.out.printf(Locale.ROOT, "start with the facet backfill: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String base = "http://127.0.0.1:" + server.port();
            System.out.printf(Locale.ROOT, "machine: %d cores; median of %d requests after %d warm-ups%n%n",
                    Runtime.getRuntime().availableProcessors(), BenchSupport.RUNS, BenchSupport.WARMUP);
            System.out.println("| query | /models page | /api/models | page / API | /api/chorus/models/facets |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Case c : CASES) {
                if (!BenchSupport.selected(c.name())) {
                    continue;
                }
                double page = BenchSupport.median(base + "/models?" + c.query());
                double api = BenchSupport.median(base + "/api/models?limit=30&" + c.query());
                double facets = BenchSupport.median(base + "/api/chorus/models/facets?limit=10&" + c.query());
                System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.2f× | %.1f ms |%n", c.name(), page, api, page / api, facets);
            }
        }
    }
}
