package org.chorus.semantic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses what of a card is embedded, how many tokens, and the hybrid fusion, on the tuning half of the evaluation
 * queries only, then prints the chosen setting's nDCG@10 on both halves: the held-out figure is the honest one.
 */
public final class SemanticTuning {
    public static void main(String[] args) throws Exception {
        var set = EvalSet.load();
        if (args.length == 0 || !args[0].equals("fusion-only")) texts(set);
        System.out.printf("hybrid nDCG@10 by RRF k and semantic weight, default card text (tuning half / held-out half)%n");
        try (var embedder = Embedder.load(); var index = new EvalIndex(set, embedder, EvalSet.Card::embeddedText)) {
            var queries = Evaluation.queryVectors(set, embedder);
            SemanticSearch.Fusion best = SemanticSearch.Fusion.DEFAULT;
            double bestScore = -1;
            var line0 = new StringBuilder("  blend");
            for (double share : new double[] {0.3, 0.5, 0.6, 0.7, 0.8, 0.9}) {
                var fusion = new SemanticSearch.Blend(share, 100);
                var row = Evaluation.run(set, index, queries, fusion).get(SearchMode.HYBRID);
                line0.append(String.format("  α=%.1f %.3f/%.3f", share, row.tuning(), row.heldOut()));
                if (row.tuning() > bestScore) {
                    bestScore = row.tuning();
                    best = fusion;
                }
            }
            System.out.println(line0);
            for (int k : new int[] {1, 5, 10, 20, 40, 60, 100}) {
                var line = new StringBuilder(String.format("  k=%-3d", k));
                for (double w : new double[] {0.5, 1, 1.5, 2, 3, 5}) {
                    var fusion = new SemanticSearch.Rrf(k, w, 100);
                    var row = Evaluation.run(set, index, queries, fusion).get(SearchMode.HYBRID);
                    line.append(String.format("  w=%.1f %.3f/%.3f", w, row.tuning(), row.heldOut()));
                    if (row.tuning() > bestScore) {
                        bestScore = row.tuning();
                        best = fusion;
                    }
                }
                System.out.println(line);
            }
            System.out.printf("best on the tuning half: %s%n%s", best, Evaluation.format(Evaluation.run(set, index, queries, best)));
        }
    }

    private static void texts(EvalSet set) throws Exception {
        Map<String, Function<EvalSet.Card, String>> texts = new LinkedHashMap<>();
        texts.put("name+task+tags+body", EvalSet.Card::embeddedText);
        texts.put("body only", c -> CardText.prose(c.body()));
        texts.put("name+task+tags", c -> CardText.of(c.id(), c.pipeline_tag(), c.tags(), null));
        texts.put("body+name+task+tags", c -> CardText.prose(c.body()) + " " + CardText.of(c.id(), c.pipeline_tag(), c.tags(), null));
        System.out.printf("semantic nDCG@10 by card text and token limit (tuning half / held-out half)%n");
        for (int maxTokens : new int[] {64, 128, 256}) {
            try (var embedder = Embedder.load(maxTokens)) {
                for (var text : texts.entrySet()) {
                    try (var index = new EvalIndex(set, embedder, text.getValue())) {
                        var row = Evaluation.run(set, index, embedder, SemanticSearch.Fusion.DEFAULT).get(SearchMode.SEMANTIC);
                        System.out.printf("  %-22s %3d tokens  %.3f / %.3f%n", text.getKey(), maxTokens, row.tuning(), row.heldOut());
                    }
                }
            }
        }
    }
}
