package org.chorus.semantic;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Sentence embeddings with all-MiniLM-L6-v2 (quantized, 384 dimensions, unit length) run by ONNX Runtime.
 *
 * <p>The model and its tokenizer are read from the classpath, where the langchain4j artifact ships them; the
 * native libraries of ONNX Runtime and of the tokenizer come out of their own jars. Nothing is downloaded.
 * Thread-safe: ONNX Runtime sessions and the Rust tokenizer may be called concurrently.
 */
public final class Embedder implements AutoCloseable {
    public static final int DIMENSIONS = 384;
    /** Tokens kept per text (the special ones included); measured in docs/design-notes.md, "Semantic search". */
    public static final int DEFAULT_MAX_TOKENS = 128;
    /** The model and its token limit, part of every cache key: a vector another model or limit made is not reused. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q/" + DEFAULT_MAX_TOKENS;
    static final int BATCH = 32;
    private static Embedder shared;
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;

    private Embedder(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) throws OrtException {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        this.wantsTypeIds = session.getInputNames().contains("token_type_ids");
    }

    /**
     * The process's model, loaded on first call (about a second) and kept until the process ends: a server that never
     * embeds never loads it, and the nodes and indexes of one process share it (the model is read-only).
     */
    public static synchronized Embedder shared() {
        if (shared == null) shared = load();
        return shared;
    }

    public static Embedder load() {
        return load(DEFAULT_MAX_TOKENS);
    }

    /** @param maxTokens tokens kept per text, at most 512 (BERT's position table). */
    public static Embedder load(int maxTokens) {
        if (maxTokens < 8 || maxTokens > 512) throw new IllegalArgumentException("maxTokens must be 8..512");
        // DJL looks for a newer tokenizer library online unless told not to; the jar's own is the one wanted
        if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
        try {
            var env = OrtEnvironment.getEnvironment();
            var options = new OrtSession.SessionOptions();
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            var session = env.createSession(resource(MODEL), options);
            // The file asks for fixed padding to 128; each batch is padded to its own longest text instead.
            var tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(resource(TOKENIZER)),
                    Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
            return new Embedder(env, session, tokenizer);
        } catch (OrtException | IOException e) {
            throw new IllegalStateException("cannot load the embedding model", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Embedder.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is not on the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    /** One unit vector per text, in the order given. */
    public float[][] embed(List<String> texts) {
        var out = new float[texts.size()][];
        if (texts.isEmpty()) return out;
        for (var batch : batches(texts)) {
            var vectors = run(batch);
            for (int i = 0; i < batch.positions().length; i++) out[batch.positions()[i]] = vectors[i];
        }
        return out;
    }

    /**
     * Tokenized texts grouped by length, so that a batch pads little: texts of similar length share a batch,
     * each batch padded to its own longest. {@code positions} are the texts' places in the input.
     */
    record Batch(int[] positions, long[][] ids, long[][] mask, int width) {}

    List<Batch> batches(List<String> texts) {
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int[] byLength = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> encodings[i].getIds().length))
                .mapToInt(Integer::intValue).toArray();
        var batches = new ArrayList<Batch>();
        for (int start = 0; start < byLength.length; start += BATCH) {
            int[] positions = Arrays.copyOfRange(byLength, start, Math.min(start + BATCH, byLength.length));
            int width = encodings[positions[positions.length - 1]].getIds().length;
            var ids = new long[positions.length][width];
            var mask = new long[positions.length][width];
            for (int i = 0; i < positions.length; i++) {
                var e = encodings[positions[i]];
                System.arraycopy(e.getIds(), 0, ids[i], 0, e.getIds().length);
                System.arraycopy(e.getAttentionMask(), 0, mask[i], 0, e.getAttentionMask().length);
            }
            batches.add(new Batch(positions, ids, mask, width));
        }
        return batches;
    }

    /** The model's inputs for a batch; the caller closes them. */
    Map<String, OnnxTensor> inputs(Batch batch) throws OrtException {
        var shape = new long[] {batch.ids().length, batch.width()};
        var inputs = new HashMap<String, OnnxTensor>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, flat(batch.ids()), shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, flat(batch.mask()), shape));
        if (wantsTypeIds) {
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.allocate(batch.ids().length * batch.width()), shape));
        }
        return inputs;
    }

    /** Runs the model alone; the benchmark's floor. Returns the token states [batch][token][384]. */
    float[][][] infer(Map<String, OnnxTensor> inputs) throws OrtException {
        try (var result = session.run(inputs)) {
            return (float[][][]) result.get(0).getValue();
        }
    }

    float[][] run(Batch batch) {
        try {
            var inputs = inputs(batch);
            try {
                return meanPooled(infer(inputs), batch.mask());
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("embedding failed", e);
        }
    }

    /** Sentence-transformers' pooling for this model: the mean of the real tokens' states, then unit length. */
    static float[][] meanPooled(float[][][] states, long[][] mask) {
        var out = new float[states.length][DIMENSIONS];
        for (int b = 0; b < states.length; b++) {
            int n = 0;
            for (int t = 0; t < states[b].length; t++) {
                if (mask[b][t] == 0) continue;
                n++;
                for (int d = 0; d < DIMENSIONS; d++) out[b][d] += states[b][t][d];
            }
            double norm = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                out[b][d] /= n;
                norm += out[b][d] * out[b][d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < DIMENSIONS; d++) out[b][d] *= scale;
        }
        return out;
    }

    private static LongBuffer flat(long[][] rows) {
        var buffer = LongBuffer.allocate(rows.length * rows[0].length);
        for (var row : rows) buffer.put(row);
        return buffer.flip();
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
