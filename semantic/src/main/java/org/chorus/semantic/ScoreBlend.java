package org.chorus.semantic;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.ScoreDoc;

/** {@link SemanticSearch.Blend}: each ranking's scores over its best, blended; a document missing from one gets 0 there. */
final class ScoreBlend {
    private ScoreBlend() {}

    static List<SemanticSearch.Hit> fuse(ScoreDoc[] byWords, ScoreDoc[] byMeaning, double semanticShare, int limit) {
        var scores = new HashMap<Integer, Double>();
        add(scores, byWords, 1 - semanticShare);
        add(scores, byMeaning, semanticShare);
        return best(scores, limit);
    }

    /** The best {@code limit} of fused scores; ties go to the lower document id, so the order is stable. */
    static List<SemanticSearch.Hit> best(Map<Integer, Double> scores, int limit) {
        return scores.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Integer, Double> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new SemanticSearch.Hit(e.getKey(), e.getValue().floatValue()))
                .toList();
    }

    private static void add(Map<Integer, Double> scores, ScoreDoc[] ranking, double weight) {
        if (ranking.length == 0 || ranking[0].score <= 0) return;
        double best = ranking[0].score;
        for (var d : ranking) scores.merge(d.doc, weight * d.score / best, Double::sum);
    }
}
