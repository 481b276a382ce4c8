package org.chorus.semantic;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Mean nDCG@10 of each mode over the evaluation queries: all of them, the tuning half and the held-out half. */
final class Evaluation {
    record Row(double all, double tuning, double heldOut) {}

    private Evaluation() {}

    static Map<SearchMode, Row> run(EvalSet set, EvalIndex index, Embedder embedder, SemanticSearch.Fusion fusion) {
        return run(set, index, queryVectors(set, embedder), fusion);
    }

    static float[][] queryVectors(EvalSet set, Embedder embedder) {
        return embedder.embed(set.queries().stream().map(EvalSet.Query::text).toList());
    }

    static Map<SearchMode, Row> run(EvalSet set, EvalIndex index, float[][] vectors, SemanticSearch.Fusion fusion) {
        var table = new EnumMap<SearchMode, Row>(SearchMode.class);
        for (var mode : SearchMode.values()) {
            var scores = new double[set.queries().size()];
            for (int i = 0; i < scores.length; i++) {
                var q = set.queries().get(i);
                scores[i] = Ndcg.at(10, index.top10(q.text(), vectors[i], mode, fusion), q.relevance());
            }
            table.put(mode, new Row(mean(set.queries(), scores, q -> true), mean(set.queries(), scores, EvalSet.Query::tuning),
                    mean(set.queries(), scores, q -> !q.tuning())));
        }
        return table;
    }

    private static double mean(List<EvalSet.Query> queries, double[] scores, Predicate<EvalSet.Query> which) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!which.test(queries.get(i))) continue;
            sum += scores[i];
            n++;
        }
        return sum / n;
    }

    static String format(Map<SearchMode, Row> table) {
        var out = new StringBuilder(String.format("%-9s %8s %8s %8s%n", "nDCG@10", "all", "tuning", "held-out"));
        table.forEach((mode, row) -> out.append(String.format("%-9s %8.3f %8.3f %8.3f%n", mode.name().toLowerCase(), row.all(), row.tuning(), row.heldOut())));
        return out.toString();
    }
}
