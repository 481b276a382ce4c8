package org.chorus.semantic;

import ai.onnxruntime.OnnxTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * Semantic search speed, each figure beside its floor measured in the same run:
 * <ul>
 *   <li>embedding throughput, cards/s through {@link Embedder#embed} ÷ raw ONNX Runtime inference of the same batches
 *       (tokenizing, padding, tensors and pooling are the difference);</li>
 *   <li>HNSW search over N synthetic card vectors: recall@10 against exact search and p50/p99 latency, beside exact
 *       (brute-force) search's p50.</li>
 * </ul>
 * Vectors: unit vectors around 2,000 random topic centres (a card is a centre plus Gaussian noise of the same norm),
 * so that neighbours exist as they do among real card embeddings; fixed seed.
 */
public final class SemanticBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        var work = java.nio.file.Path.of(args.length > 1 ? args[1] : "bench/out/semantic");
        var parts = args.length > 2 ? args[2] : "embedding,hnsw";
        if (parts.contains("embedding")) throughput();
        if (parts.contains("hnsw")) vectors(n, work);
    }

    static void throughput() throws Exception {
        var set = EvalSet.load();
        var texts = new ArrayList<String>();
        for (int i = 0; i < 3; i++) set.cards().forEach(c -> texts.add(c.embeddedText()));
        try (var embedder = Embedder.load()) {
            embedder.embed(texts.subList(0, 64)); // warm-up
            long bestEmbed = Long.MAX_VALUE, bestRaw = Long.MAX_VALUE;
            var batches = embedder.batches(texts);
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                embedder.embed(texts);
                bestEmbed = Math.min(bestEmbed, System.nanoTime() - t0);
                long raw = 0;
                for (var batch : batches) {
                    Map<String, OnnxTensor> inputs = embedder.inputs(batch);
                    long t1 = System.nanoTime();
                    embedder.infer(inputs);
                    raw += System.nanoTime() - t1;
                    inputs.values().forEach(OnnxTensor::close);
                }
                bestRaw = Math.min(bestRaw, raw);
            }
            double cardsPerS = texts.size() / (bestEmbed / 1e9), rawPerS = texts.size() / (bestRaw / 1e9);
            System.out.printf("embedding (%d cards, %d-token limit, batches of %d, best of 3)%n", texts.size(), Embedder.DEFAULT_MAX_TOKENS, Embedder.BATCH);
            System.out.printf("  Embedder.embed      %8.1f cards/s%n  raw ORT inference   %8.1f cards/s   (floor)%n  ratio               %8.2f   (goal >= 0.8)%n",
                    cardsPerS, rawPerS, cardsPerS / rawPerS);
        }
    }

    static void vectors(int n, java.nio.file.Path work) throws Exception {
        var random = new Random(42);
        var centres = new float[2000][];
        for (int i = 0; i < centres.length; i++) centres[i] = unit(gaussian(random), 0, random);
        var cards = new float[n][];
        for (int i = 0; i < n; i++) cards[i] = unit(centres[random.nextInt(centres.length)], 1.0f, random);
        var queries = new float[200][];
        for (int i = 0; i < queries.length; i++) queries[i] = unit(centres[random.nextInt(centres.length)], 1.0f, random);

        delete(work);
        java.nio.file.Files.createDirectories(work);
        long t0 = System.nanoTime();
        try (var dir = FSDirectory.open(work)) {
            var config = new IndexWriterConfig().setRAMBufferSizeMB(1024);
            try (var writer = new IndexWriter(dir, config)) {
                for (var v : cards) {
                    var doc = new Document();
                    SemanticSearch.addVector(doc, v);
                    writer.addDocument(doc);
                }
                writer.forceMerge(1);
            }
            System.out.printf("HNSW over %,d synthetic card vectors (%d dims): indexed in %.1f s%n", n, Embedder.DIMENSIONS, (System.nanoTime() - t0) / 1e9);
            try (var reader = DirectoryReader.open(dir)) {
                var searcher = new IndexSearcher(reader);
                var exact = new ArrayList<List<Integer>>();
                var exactNanos = new long[queries.length];
                for (int q = 0; q < queries.length; q++) {
                    long s = System.nanoTime();
                    exact.add(exactTop10(cards, queries[q]));
                    exactNanos[q] = System.nanoTime() - s;
                }
                Arrays.sort(exactNanos);
                System.out.printf("  exact search p50    %8.2f ms   (floor: brute-force dot products over float[][])%n", exactNanos[exactNanos.length / 2] / 1e6);
                // the graph is searched for `fanout` candidates and the best 10 kept, as SemanticSearch does with depth()
                for (int fanout : new int[] {10, 50, 100, 200}) {
                    for (int i = 0; i < 50; i++) top10(searcher, queries[i], fanout); // warm-up
                    var hnswNanos = new long[queries.length];
                    double recall = 0;
                    for (int q = 0; q < queries.length; q++) {
                        long s = System.nanoTime();
                        var found = top10(searcher, queries[q], fanout);
                        hnswNanos[q] = System.nanoTime() - s;
                        int hit = 0;
                        for (var d : found) if (exact.get(q).contains(d.doc)) hit++; // one segment, added in order: doc id = index
                        recall += hit / 10.0;
                    }
                    Arrays.sort(hnswNanos);
                    System.out.printf("  fanout %3d: recall@10 vs exact %.3f (goal >= 0.95), HNSW p50 / p99 %.2f / %.2f ms (goal p50 <= 30 ms)%n",
                            fanout, recall / queries.length, hnswNanos[hnswNanos.length / 2] / 1e6, hnswNanos[hnswNanos.length * 99 / 100] / 1e6);
                }
            }
        }
        delete(work);
    }

    private static org.apache.lucene.search.ScoreDoc[] top10(IndexSearcher searcher, float[] query, int fanout) throws java.io.IOException {
        return searcher.search(new KnnFloatVectorQuery(SemanticSearch.VECTOR_FIELD, query, fanout), 10).scoreDocs;
    }

    static List<Integer> exactTop10(float[][] cards, float[] query) {
        var heap = new PriorityQueue<double[]>((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i < cards.length; i++) {
            double s = 0;
            var c = cards[i];
            for (int d = 0; d < c.length; d++) s += c[d] * query[d];
            if (heap.size() < 10) heap.add(new double[] {s, i});
            else if (s > heap.peek()[0]) {
                heap.poll();
                heap.add(new double[] {s, i});
            }
        }
        return heap.stream().map(e -> (int) e[1]).toList();
    }

    private static float[] gaussian(Random random) {
        var v = new float[Embedder.DIMENSIONS];
        for (int d = 0; d < v.length; d++) v[d] = (float) random.nextGaussian();
        return v;
    }

    /** centre + noise·(a Gaussian vector of the centre's norm), scaled to unit length. */
    private static float[] unit(float[] centre, float noise, Random random) {
        var v = centre.clone();
        if (noise > 0) {
            var g = gaussian(random);
            double gn = Math.sqrt(dot(g, g));
            for (int d = 0; d < v.length; d++) v[d] += (float) (noise * g[d] / gn);
        }
        double norm = Math.sqrt(dot(v, v));
        for (int d = 0; d < v.length; d++) v[d] /= (float) norm;
        return v;
    }

    private static void delete(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) s += a[d] * b[d];
        return s;
    }
}
