package org.chorus.semantic;

import java.util.List;
import java.util.Map;

/** nDCG@k with graded gains 2^rel − 1 and the log2(rank + 1) discount (Järvelin & Kekäläinen; as in TREC tools). */
final class Ndcg {
    private Ndcg() {}

    static double at(int k, List<String> ranked, Map<String, Integer> relevance) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) dcg += gain(relevance.getOrDefault(ranked.get(i), 0), i);
        var ideal = relevance.values().stream().sorted((a, b) -> b - a).limit(k).toList();
        double idcg = 0;
        for (int i = 0; i < ideal.size(); i++) idcg += gain(ideal.get(i), i);
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double gain(int grade, int index) {
        return (Math.pow(2, grade) - 1) / (Math.log(index + 2) / Math.log(2));
    }
}
