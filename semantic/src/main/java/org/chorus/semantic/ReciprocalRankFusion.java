package org.chorus.semantic;

import java.util.HashMap;
import java.util.List;
import org.apache.lucene.search.ScoreDoc;

/** Cormack et al.'s reciprocal rank fusion, weighted: a document scores Σ weight / (k + rank), ranks from 1. */
final class ReciprocalRankFusion {
    private ReciprocalRankFusion() {}

    static List<SemanticSearch.Hit> fuse(List<ScoreDoc[]> rankings, double[] weights, int k, int limit) {
        var scores = new HashMap<Integer, Double>();
        for (int r = 0; r < rankings.size(); r++) {
            var ranking = rankings.get(r);
            for (int rank = 1; rank <= ranking.length; rank++) {
                scores.merge(ranking[rank - 1].doc, weights[r] / (k + rank), Double::sum);
            }
        }
        return ScoreBlend.best(scores, limit);
    }
}
