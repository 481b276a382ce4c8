import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The explorer views over the synthetic ecosystem (DiscoveryBench seeds it): each /api/chorus/explore call and the
 * /explore/modelverse and /explore/dataverse pages over HTTP, anonymous, p50 / p99 of DiscoveryBench.RUNS after its
 * warm-ups, each beside a floor measured in this process on the node's committed index (or its database):
 * Lucene's facet module counting the same matching documents by one facet, and for activity the same SQL GROUP BY.
 */
final class ExplorerCases {
    interface Floor {
        void run() throws Exception;
    }

    record Case(String name, String path, Floor floor, String floorName) {}

    private ExplorerCases() {}

    static void run(String base, Path indexDir, Path dbFile) throws Exception {
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(indexDir));
             Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            FacetsConfig config = new FacetsConfig();
            for (String dim : List.of("task", "library", "license", "language", "organization")) {
                config.setMultiValued(dim, true);
            }
            SortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader, config);
            Query models = visible("model", null);
            Query datasets = visible("dataset", null);
            List<String> topOrgs = topOrganizations(searcher, state, models, 30);
            List<Case> cases = List.of(
                    new Case("ModelVerse ranking (by downloads, 50 rows)", "/api/chorus/explore/organizations?sort=downloads&limit=50",
                            () -> count(searcher, state, models, "organization"), "organisation facet over public models"),
                    new Case("ModelVerse treemap (30 organisations × tasks)", "/api/chorus/explore/treemap?size=models&organizations=30",
                            () -> {
                                count(searcher, state, models, "organization");
                                for (String org : topOrgs) {
                                    count(searcher, state, visible("model", org), "task");
                                }
                            }, "organisation facet, then task facet per organisation"),
                    new Case("ModelVerse page (treemap + ranking)", "/explore/modelverse", null, "—"),
                    new Case("organisation org0 (totals, tasks)", "/api/chorus/explore/organizations/org0",
                            () -> count(searcher, state, visible("model", "org0"), "task"), "task facet over org0's public models"),
                    new Case("DataVerse columns (4 × 20 values)", "/api/chorus/explore/datasets",
                            () -> count(searcher, state, datasets, "license"), "licence facet over public datasets"),
                    new Case("datasets models were trained on (50)", "/api/chorus/explore/trained-on?limit=50",
                            () -> trainedOnFrequencies(reader), "docFreq of every dataset: term (no visibility)"),
                    new Case("DataVerse page (columns + trained-on)", "/explore/dataverse", null, "—"),
                    new Case("organisations × 52 weeks", "/api/chorus/explore/activity?weeks=52&limit=30",
                            () -> activitySql(db), "the GROUP BY through JDBC"));
            System.out.println("| explorer view | HTTP p50 / p99 | floor p50 / p99 | floor | HTTP p50 / floor p50 |");
            System.out.println("|---|---:|---:|---|---:|");
            for (Case c : cases) {
                double[] http = DiscoveryBench.http(base + c.path());
                if (c.floor() == null) {
                    System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f ms | | | |%n", c.name(), http[0], http[1]);
                    continue;
                }
                double[] floor = time(c.floor());
                System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f ms | %.1f / %.1f ms | %s | %.2f× |%n", c.name(), http[0], http[1], floor[0], floor[1],
                        c.floorName(), http[0] / floor[0]);
            }
            System.out.println();
        }
    }

    static Query visible(String kind, String owner) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new TermQuery(new Term("kind", kind)), Occur.FILTER)
                .add(new TermQuery(new Term("private", "0")), Occur.FILTER);
        if (owner != null) {
            b.add(new TermQuery(new Term("owner", owner)), Occur.FILTER);
        }
        return b.build();
    }

    static FacetResult count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query q, String dim) throws Exception {
        FacetsCollector fc = searcher.search(q, new FacetsCollectorManager());
        try {
            return new SortedSetDocValuesFacetCounts(state, fc).getAllChildren(dim);
        } catch (IllegalArgumentException none) {
            return null;
        }
    }

    static List<String> topOrganizations(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query models, int n) throws Exception {
        FacetResult all = count(searcher, state, models, "organization");
        return Arrays.stream(all.labelValues).sorted((a, b) -> Long.compare(b.value.longValue(), a.value.longValue()))
                .limit(n).map(lv -> lv.label.toLowerCase(Locale.ROOT)).toList();
    }

    static long trainedOnFrequencies(DirectoryReader reader) throws Exception {
        TermsEnum terms = MultiTerms.getTerms(reader, "tag").iterator();
        BytesRef prefix = new BytesRef("dataset:");
        long sum = 0;
        if (terms.seekCeil(prefix) != TermsEnum.SeekStatus.END) {
            for (BytesRef t = terms.term(); t != null && org.apache.lucene.util.StringHelper.startsWith(t, prefix); t = terms.next()) {
                sum += terms.docFreq();
            }
        }
        return sum;
    }

    static int activitySql(Connection db) throws Exception {
        long day = 86_400_000L;
        long today = Math.floorDiv(System.currentTimeMillis(), day);
        long monday = today - Math.floorMod(today + 3, 7); // epoch day 0 was a Thursday
        long since = (monday - 7L * 51) * day;
        String weekOf = "(c.committed_at - " + since + ") / " + (7 * day);
        String sql = "SELECT o.name AS org, " + weekOf + " AS week, COUNT(*) AS n FROM hub_commits c JOIN hub_repos r ON r.id = c.repo_id"
                + " JOIN accounts o ON o.id = r.owner_id WHERE c.committed_at >= ? AND o.kind = 'org' AND r.private = 0 GROUP BY o.name, " + weekOf;
        int rows = 0;
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, since);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            }
        }
        return rows;
    }

    static double[] time(Floor floor) throws Exception {
        double[] ms = new double[DiscoveryBench.RUNS];
        for (int i = 0; i < DiscoveryBench.WARMUP + DiscoveryBench.RUNS; i++) {
            long t0 = System.nanoTime();
            floor.run();
            if (i >= DiscoveryBench.WARMUP) {
                ms[i - DiscoveryBench.WARMUP] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return DiscoveryBench.percentiles(ms);
    }
}
