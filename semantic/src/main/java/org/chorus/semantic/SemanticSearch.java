package org.chorus.semantic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;

/**
 * Keyword, semantic and hybrid ranking over one Lucene index. The index owns its documents and its keyword
 * query; this adds a card's embedding to a document ({@link #addVector}) and ranks ({@link #search}).
 *
 * <p>Hybrid fuses the keyword and the vector rankings ({@link Fusion}), each computed with the same filter.
 */
public final class SemanticSearch {
    /** The Lucene field holding a card's embedding (HNSW graph, dot product of unit vectors). */
    public static final String VECTOR_FIELD = "card_embedding";

    private SemanticSearch() {}

    /** A Lucene document id and its score under the mode asked for (BM25, similarity, or fused rank score). */
    public record Hit(int doc, float score) {}

    /** How the keyword and the vector rankings are fused; {@code depth} hits of each are fused. */
    public sealed interface Fusion permits Rrf, Blend {
        int depth();

        /** Tuned on half of the evaluation queries (docs/design-notes.md, "Semantic search"). */
        Fusion DEFAULT = new Rrf(20, 5.0, 100);
    }

    /**
     * Reciprocal rank fusion: a document scores {@code Σ w / (k + rank)}; {@code k} damps the head of each ranking,
     * {@code semanticWeight} is the vector ranking's weight (the keyword ranking's is 1). Uses ranks only, so
     * neither scale has to be calibrated against the other.
     */
    public record Rrf(int k, double semanticWeight, int depth) implements Fusion {
        public Rrf {
            if (k < 0 || semanticWeight < 0 || depth < 1) throw new IllegalArgumentException("bad fusion " + k + "/" + semanticWeight + "/" + depth);
        }
    }

    /**
     * A convex blend of the scores, each divided by the best of its own ranking: {@code α·sim/sim₁ + (1−α)·bm25/bm25₁}.
     * Unlike ranks, it keeps how much better the first keyword hit is than the rest.
     */
    public record Blend(double semanticShare, int depth) implements Fusion {
        public Blend {
            if (semanticShare < 0 || semanticShare > 1 || depth < 1) throw new IllegalArgumentException("bad blend " + semanticShare + "/" + depth);
        }
    }

    /** Adds {@code vector} (from {@link Embedder}, unit length) to a card's document. */
    public static void addVector(Document doc, float[] vector) {
        if (vector.length != Embedder.DIMENSIONS) throw new IllegalArgumentException("expected " + Embedder.DIMENSIONS + " dimensions");
        doc.add(new KnnFloatVectorField(VECTOR_FIELD, vector, VectorSimilarityFunction.DOT_PRODUCT));
    }

    /**
     * The best {@code limit} documents for a query.
     *
     * @param keyword the index's own keyword query for the text (unused in SEMANTIC mode)
     * @param vector  the query text's embedding, {@link Embedder#embed(String)} (unused in KEYWORD mode)
     * @param filter  documents allowed at all (type, visibility to the caller), or null; applied inside both
     *                rankings, so the vector search still returns {@code limit} allowed documents
     */
    public static List<Hit> search(IndexSearcher searcher, Query keyword, float[] vector, Query filter,
                                   SearchMode mode, int limit) throws IOException {
        return search(searcher, keyword, vector, filter, mode, limit, Fusion.DEFAULT);
    }

    public static List<Hit> search(IndexSearcher searcher, Query keyword, float[] vector, Query filter,
                                   SearchMode mode, int limit, Fusion fusion) throws IOException {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        return switch (mode) {
            case KEYWORD -> hits(searcher.search(filtered(keyword, filter), limit).scoreDocs);
            // the graph is searched for depth() candidates, not limit: recall@10 over 100,000 vectors rose from
            // 0.91 at 10 to 1.00 at 100 (bench/discovery/semantic.sh)
            case SEMANTIC -> hits(searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, vector, Math.max(limit, fusion.depth()), filter), limit).scoreDocs);
            case HYBRID -> {
                int depth = Math.max(limit, fusion.depth());
                var byWords = searcher.search(filtered(keyword, filter), depth).scoreDocs;
                var byMeaning = searcher.search(new KnnFloatVectorQuery(VECTOR_FIELD, vector, depth, filter), depth).scoreDocs;
                yield switch (fusion) {
                    case Rrf rrf -> ReciprocalRankFusion.fuse(List.of(byWords, byMeaning), new double[] {1, rrf.semanticWeight()}, rrf.k(), limit);
                    case Blend blend -> ScoreBlend.fuse(byWords, byMeaning, blend.semanticShare(), limit);
                };
            }
        };
    }

    private static Query filtered(Query keyword, Query filter) {
        if (filter == null) return keyword;
        return new BooleanQuery.Builder().add(keyword, Occur.MUST).add(filter, Occur.FILTER).build();
    }

    private static List<Hit> hits(ScoreDoc[] docs) {
        var hits = new ArrayList<Hit>(docs.length);
        for (var d : docs) hits.add(new Hit(d.doc, d.score));
        return hits;
    }
}
